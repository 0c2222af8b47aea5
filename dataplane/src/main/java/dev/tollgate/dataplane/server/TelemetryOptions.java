package dev.tollgate.dataplane.server;

/**
 * Tracing, development access log and execution logging settings of the process, from the command line.
 *
 * @param otlpEndpoint the OTLP/HTTP traces URL spans are exported to whatever the Gateway names
 *     ({@code --otlp-endpoint}), or null to follow the Gateway's {@code spec.tracing}
 * @param executionLogLinesPerSecond the most execution log lines a stage writes in a second; a
 *     request whose lines do not fit is dropped whole and counted
 * @param devAccessLog log every request of a stage that sets no access log (and every request no
 *     stage takes) to the standard output in the default CLF format, for development ({@code
 *     --dev-access-log true}); off, such requests are not logged, as on AWS
 */
public record TelemetryOptions(String otlpEndpoint, int executionLogLinesPerSecond, boolean devAccessLog) {
    /** The bound of execution log lines per stage and second unless the command line sets one. */
    public static final int DEFAULT_EXECUTION_LOG_LINES_PER_SECOND = 1000;

    /** No command-line collector, the default bound. */
    public static final TelemetryOptions DEFAULTS =
            new TelemetryOptions(null, DEFAULT_EXECUTION_LOG_LINES_PER_SECOND, false);

    public TelemetryOptions {
        if (executionLogLinesPerSecond < 1) {
            throw new IllegalArgumentException("executionLogLinesPerSecond >= 1");
        }
    }

    /** These settings with another collector. */
    public TelemetryOptions withOtlpEndpoint(String endpoint) {
        return new TelemetryOptions(endpoint, executionLogLinesPerSecond, devAccessLog);
    }

    /** These settings with another bound. */
    public TelemetryOptions withExecutionLogLinesPerSecond(int lines) {
        return new TelemetryOptions(otlpEndpoint, lines, devAccessLog);
    }

    /** These settings with the development access log on or off. */
    public TelemetryOptions withDevAccessLog(boolean on) {
        return new TelemetryOptions(otlpEndpoint, executionLogLinesPerSecond, on);
    }
}
