/**
 * Distributed tracing: W3C trace context and AWS's {@code X-Amzn-Trace-Id} read from each request
 * and passed on to its backend, and the OpenTelemetry SDK that exports the spans of traced stages
 * over OTLP from its own thread.
 */
package dev.tollgate.dataplane.tracing;
