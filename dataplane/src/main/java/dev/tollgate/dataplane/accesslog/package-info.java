/** Access log lines rendered from a stage's {@code $context} format, parsed once per stage. */
package dev.tollgate.dataplane.accesslog;
