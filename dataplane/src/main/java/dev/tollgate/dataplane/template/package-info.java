/**
 * AWS's VTL mapping templates on Apache Velocity, as a runtime service: the sandboxed engine (no
 * class access beyond the bound objects, no resource loading, bounded time and output), templates
 * parsed once per config, and the {@code $input} and {@code $util} variables with AWS's semantics.
 */
package dev.tollgate.dataplane.template;
