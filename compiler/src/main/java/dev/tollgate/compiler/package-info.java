/** Compiles a namespace's custom resources into the gateway config IR, with findings; pure, no I/O. */
package dev.tollgate.compiler;
