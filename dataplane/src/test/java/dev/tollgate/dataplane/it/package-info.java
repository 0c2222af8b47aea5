/** Integration tests: one class per feature, real sockets on 127.0.0.1. */
package dev.tollgate.dataplane.it;
