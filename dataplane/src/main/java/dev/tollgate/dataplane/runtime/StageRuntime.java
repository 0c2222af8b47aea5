package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.accesslog.ExecutionLogWriter;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.metrics.StageMeters;
import dev.tollgate.dataplane.tracing.Tracing;
import dev.tollgate.ir.ExecutionLogLevel;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.StageTelemetryConfig;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One stage as served: its router, its {@code $default} route, its parsed access log format, the
 * gateway responses and CORS policy of what it serves (its pinned deployment's, else its API's),
 * and its canary, itself a StageRuntime of the stage's name built from the canary's routes,
 * variables and deployment; its tracing (on or off, the process's {@link Tracing}), whether it
 * writes an access log and the writer of its destination, and the budget of its execution logs.
 */
public final class StageRuntime {
    /** The format for requests that match no stage. */
    public static final AccessLogFormat DEFAULT_FORMAT = AccessLogFormat.parse(StageConfig.DEFAULT_ACCESS_LOG_FORMAT);

    private final StageConfig config;
    private final Router<RouteRuntime> router;
    private final RouteRuntime defaultRoute;
    private final Map<String, RouteRuntime> webSocketRoutes;
    private final AccessLogFormat accessLogFormat;
    private final StageMeters meters;
    private final GatewayResponses responses;
    private final CorsPolicy cors;
    private final boolean isCanary;
    private final StageRuntime canary;
    private final double canaryPercent;
    private final String namespace;
    private final boolean tracingEnabled;
    private final Tracing tracing;
    private final boolean logsAccess;
    private final AccessLogWriter accessLog;
    private final StageTelemetryConfig telemetry;
    private final ExecutionLogWriter.Budget executionLogs;

    /**
     * @param namespace the namespace of the stage
     * @param api the API's name
     * @param config the stage (for a canary: the canary's view of it)
     * @param router its routes
     * @param defaultRoute its {@code $default} route, or null
     * @param webSocketRoutes a WebSocket API's routes by route key (empty for other APIs)
     * @param responses the gateway responses it answers errors with, or null for AWS's defaults
     * @param cors its CORS policy, or null
     * @param isCanary whether this is a stage's canary
     * @param canary the stage's canary, or null
     * @param meters where its meters and its routes' are
     * @param telemetry the tracing and log services
     */
    StageRuntime(
            String namespace,
            String api,
            StageConfig config,
            Router<RouteRuntime> router,
            RouteRuntime defaultRoute,
            Map<String, RouteRuntime> webSocketRoutes,
            GatewayResponses responses,
            CorsPolicy cors,
            boolean isCanary,
            StageRuntime canary,
            StageMeters meters,
            TelemetryServices telemetry) {
        this.config = config;
        this.namespace = namespace;
        StageTelemetryConfig t = config.telemetry();
        this.telemetry = t;
        this.tracingEnabled = t != null && t.tracingEnabled();
        this.tracing = telemetry.tracing();
        this.logsAccess = t != null && t.accessLog();
        this.accessLog = t == null || t.accessLogDestination() == null || telemetry.accessLogs() == null
                ? null
                : telemetry.accessLogs().writer(t.accessLogDestination());
        this.executionLogs = t == null || t.executionLogging().isEmpty() || telemetry.executionLogs() == null
                ? null
                : telemetry.executionLogs().budget(namespace + "/" + api + "/" + config.name());
        this.router = router;
        this.defaultRoute = defaultRoute;
        this.webSocketRoutes = Map.copyOf(webSocketRoutes);
        this.accessLogFormat = AccessLogFormat.parse(config.accessLogFormat());
        this.meters = meters;
        this.responses = responses;
        this.cors = cors;
        this.isCanary = isCanary;
        this.canary = canary;
        this.canaryPercent = canary == null ? 0 : config.canary().percentTraffic();
    }

    /** A WebSocket API's route of that key, or null. */
    public RouteRuntime webSocketRoute(String routeKey) {
        return webSocketRoutes.get(routeKey);
    }

    /**
     * The stage that serves one request: its canary for {@code percentTraffic} percent of requests,
     * chosen independently per request (AWS's split), else this stage. Lock-free: each thread draws
     * from its own generator.
     */
    public StageRuntime pick() {
        if (canary == null || canaryPercent <= 0) {
            return this;
        }
        if (canaryPercent >= 100) {
            return canary;
        }
        return ThreadLocalRandom.current().nextDouble(100) < canaryPercent ? canary : this;
    }

    public StageConfig config() {
        return config;
    }

    public Router<RouteRuntime> router() {
        return router;
    }

    /** The HTTP API {@code $default} route, or null. */
    public RouteRuntime defaultRoute() {
        return defaultRoute;
    }

    public AccessLogFormat accessLogFormat() {
        return accessLogFormat;
    }

    /**
     * Meters for requests of this stage (or canary) that matched no route: the API's and stage's (a
     * request no route takes has no method or resource dimension), registered on first use.
     */
    public RouteMeters stageMeters() {
        return meters.stage();
    }

    /** The customised gateway responses of what this stage serves, or null for AWS's defaults. */
    public GatewayResponses responses() {
        return responses;
    }

    /** The CORS policy of what this stage serves, or null. */
    public CorsPolicy cors() {
        return cors;
    }

    /** Whether this is a stage's canary. */
    public boolean isCanary() {
        return isCanary;
    }

    /** The stage's canary, or null. */
    public StageRuntime canary() {
        return canary;
    }

    /** The ApiDeployment this stage (or canary) serves, or null when it follows its RestApi. */
    public String deploymentId() {
        return config.deployment() == null ? null : config.deployment().name();
    }

    /** The namespace the stage is served from. */
    public String namespace() {
        return namespace;
    }

    /** Whether the stage's requests are traced ({@code tracingEnabled}). */
    public boolean tracingEnabled() {
        return tracingEnabled;
    }

    /** The tracer its spans start from, or null when tracing is off or no collector is named. */
    public Tracer tracer() {
        return tracingEnabled ? tracing.tracer() : null;
    }

    /** Whether the stage writes an access log (it sets one; one that sets none logs nothing). */
    public boolean logsAccess() {
        return logsAccess;
    }

    /** The writer of its access log destination, or null for the server's standard one. */
    public AccessLogWriter accessLogWriter() {
        return accessLog;
    }

    /** The execution logging level of a route of this stage, or null when it logs nothing. */
    public ExecutionLogLevel executionLogLevel(String httpMethod, String resourcePath) {
        return executionLogs == null
                ? null
                : telemetry.executionLogLevel(StageTelemetryConfig.routeKey(httpMethod, resourcePath));
    }

    /** Where its execution logs are written, within its bound; null when it writes none. */
    public ExecutionLogWriter.Budget executionLogs() {
        return executionLogs;
    }
}
