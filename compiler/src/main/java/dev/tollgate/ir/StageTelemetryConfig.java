package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A stage's tracing, access log and execution logging; absent from a stage that sets none of them.
 *
 * @param tracingEnabled whether the stage's requests are traced (spans exported when the Gateway
 *     names a collector)
 * @param accessLog whether the stage writes an access log: it sets one (AWS's {@code
 *     accessLogSettings}); a stage that sets none logs nothing, as on AWS
 * @param accessLogDestination where the access log lines go, or null for the data plane's
 *     standard output
 * @param executionLogging the execution logging level of each route that has one, by {@code
 *     METHOD /resource/path} ({@code $default} for an HTTP API's default route); routes not named
 *     log nothing
 */
public record StageTelemetryConfig(
        boolean tracingEnabled,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean accessLog,
        @JsonInclude(JsonInclude.Include.NON_NULL) LogDestinationConfig accessLogDestination,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, ExecutionLogLevel> executionLogging) {

    public StageTelemetryConfig {
        executionLogging = executionLogging == null ? new TreeMap<>() : new TreeMap<>(executionLogging);
        if (accessLogDestination != null && !accessLog) {
            throw new IllegalArgumentException("an access log destination without an access log");
        }
    }

    /** A stage that writes an access log exactly when it names a destination. */
    public StageTelemetryConfig(
            boolean tracingEnabled,
            LogDestinationConfig accessLogDestination,
            SortedMap<String, ExecutionLogLevel> executionLogging) {
        this(tracingEnabled, accessLogDestination != null, accessLogDestination, executionLogging);
    }

    /** Whether this sets nothing (the stage then carries none). */
    public boolean setsNothing() {
        return !tracingEnabled && !accessLog && executionLogging.isEmpty();
    }

    /** A route's key in {@code executionLogging}: {@code METHOD /resource/path}. */
    public static String routeKey(String httpMethod, String resourcePath) {
        return httpMethod + " " + resourcePath;
    }

    /** The execution logging level of a route key, or null when the route logs nothing. */
    public ExecutionLogLevel executionLogLevel(String routeKey) {
        return executionLogging.get(routeKey);
    }
}
