/** A small HTTP backend for demos and tests: echoes requests, serves pets, and misbehaves on request. */
package dev.tollgate.dataplane.echo;
