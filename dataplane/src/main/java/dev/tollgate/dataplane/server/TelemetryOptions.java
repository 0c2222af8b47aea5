package dev.tollgate.dataplane.server;

/**
 * Tracing and execution logging settings of the process, from the command line.
 *
 * @param otlpEndpoint the OTLP/HTTP traces URL spans are exported to whatever the Gateway names
 *     ({@code --otlp-endpoint}), or null to follow the Gateway's {@code spec.tracing}
 * @param executionLogLinesPerSecond the most execution log lines a stage writes in a second; a
 *     request whose lines do not fit is dropped whole and counted
 */
public record TelemetryOptions(String otlpEndpoint, int executionLogLinesPerSecond) {
    /** The bound of execution log lines per stage and second unless the command line sets one. */
    public static final int DEFAULT_EXECUTION_LOG_LINES_PER_SECOND = 1000;

    /** No command-line collector, the default bound. */
    public static final TelemetryOptions DEFAULTS = new TelemetryOptions(null, DEFAULT_EXECUTION_LOG_LINES_PER_SECOND);

    public TelemetryOptions {
        if (executionLogLinesPerSecond < 1) {
            throw new IllegalArgumentException("executionLogLinesPerSecond >= 1");
        }
    }

    /** These settings with another collector. */
    public TelemetryOptions withOtlpEndpoint(String endpoint) {
        return new TelemetryOptions(endpoint, executionLogLinesPerSecond);
    }

    /** These settings with another bound. */
    public TelemetryOptions withExecutionLogLinesPerSecond(int lines) {
        return new TelemetryOptions(otlpEndpoint, lines);
    }
}
