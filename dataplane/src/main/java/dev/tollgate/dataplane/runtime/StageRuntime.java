package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.ir.StageConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One stage as served: its router, its {@code $default} route, its parsed access log format, the
 * gateway responses and CORS policy of what it serves (its pinned deployment's, else its API's),
 * and its canary, itself a StageRuntime of the stage's name built from the canary's routes,
 * variables and deployment.
 */
public final class StageRuntime {
    /** The format for requests that match no stage. */
    public static final AccessLogFormat DEFAULT_FORMAT = AccessLogFormat.parse(StageConfig.DEFAULT_ACCESS_LOG_FORMAT);

    private final StageConfig config;
    private final Router<RouteRuntime> router;
    private final RouteRuntime defaultRoute;
    private final AccessLogFormat accessLogFormat;
    private final RouteMeters stageMeters;
    private final GatewayResponses responses;
    private final CorsPolicy cors;
    private final boolean isCanary;
    private final StageRuntime canary;
    private final double canaryPercent;

    /**
     * @param namespace the namespace of the stage
     * @param api the API's name
     * @param config the stage (for a canary: the canary's view of it)
     * @param router its routes
     * @param defaultRoute its {@code $default} route, or null
     * @param responses the gateway responses it answers errors with, or null for AWS's defaults
     * @param cors its CORS policy, or null
     * @param isCanary whether this is a stage's canary
     * @param canary the stage's canary, or null
     * @param metrics where its unknown-route meters are
     */
    StageRuntime(
            String namespace,
            String api,
            StageConfig config,
            Router<RouteRuntime> router,
            RouteRuntime defaultRoute,
            GatewayResponses responses,
            CorsPolicy cors,
            boolean isCanary,
            StageRuntime canary,
            GatewayMetrics metrics) {
        this.config = config;
        this.router = router;
        this.defaultRoute = defaultRoute;
        this.accessLogFormat = AccessLogFormat.parse(config.accessLogFormat());
        // A request no route takes has no method or resource dimension: it counts in the stage's series.
        this.stageMeters = metrics.route(
                namespace, api, config.name(), GatewayMetrics.STAGE_LEVEL, GatewayMetrics.STAGE_LEVEL, isCanary);
        this.responses = responses;
        this.cors = cors;
        this.isCanary = isCanary;
        this.canary = canary;
        this.canaryPercent = canary == null ? 0 : config.canary().percentTraffic();
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

    /** Meters for requests of this stage (or canary) that matched no route: the API's and stage's. */
    public RouteMeters stageMeters() {
        return stageMeters;
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
}
