package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogDestinations;
import dev.tollgate.dataplane.accesslog.ExecutionLogWriter;
import dev.tollgate.dataplane.tracing.Tracing;

/**
 * The process-wide services a stage's tracing and logs use; they outlive every runtime.
 *
 * @param tracing the OpenTelemetry exporter (its tracer is null while no collector is named)
 * @param accessLogs the access log writers by destination, or null to leave every line to the
 *     server's standard writer
 * @param executionLogs where served execution logs go, or null to write none
 */
public record TelemetryServices(Tracing tracing, AccessLogDestinations accessLogs, ExecutionLogWriter executionLogs) {

    /** Trace context propagated, no spans exported, access logs to the standard writer, no execution logs. */
    public static TelemetryServices none() {
        return new TelemetryServices(Tracing.followingGateway(), null, null);
    }
}
