package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.ir.StageConfig;

/** One stage as served: its router, its {@code $default} route, its parsed access log format. */
public final class StageRuntime {
    /** The format for requests that match no stage. */
    public static final AccessLogFormat DEFAULT_FORMAT = AccessLogFormat.parse(StageConfig.DEFAULT_ACCESS_LOG_FORMAT);

    private final StageConfig config;
    private final Router<RouteRuntime> router;
    private final RouteRuntime defaultRoute;
    private final AccessLogFormat accessLogFormat;
    private final RouteMeters stageMeters;

    StageRuntime(
            String namespace,
            String api,
            StageConfig config,
            Router<RouteRuntime> router,
            RouteRuntime defaultRoute,
            GatewayMetrics metrics) {
        this.config = config;
        this.router = router;
        this.defaultRoute = defaultRoute;
        this.accessLogFormat = AccessLogFormat.parse(config.accessLogFormat());
        // A request no route takes has no method or resource dimension: it counts in the stage's series.
        this.stageMeters =
                metrics.route(namespace, api, config.name(), GatewayMetrics.STAGE_LEVEL, GatewayMetrics.STAGE_LEVEL);
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

    /** Meters for requests of this stage that matched no route: the API's and stage's. */
    public RouteMeters stageMeters() {
        return stageMeters;
    }
}
