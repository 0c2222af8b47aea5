package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.ir.StageConfig;
import java.util.HashMap;
import java.util.Map;

/** One stage as served: its router, its {@code $default} route, its parsed access log format. */
public final class StageRuntime {
    /** The format for requests that match no stage. */
    public static final AccessLogFormat DEFAULT_FORMAT = AccessLogFormat.parse(StageConfig.DEFAULT_ACCESS_LOG_FORMAT);

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

    private final StageConfig config;
    private final Router<RouteRuntime> router;
    private final RouteRuntime defaultRoute;
    private final AccessLogFormat accessLogFormat;
    private final Map<String, RouteMeters> unknownMeters = new HashMap<>();
    private final RouteMeters unknownOther;

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
        for (String m : METHODS) {
            unknownMeters.put(m, metrics.route(namespace, api, config.name(), m, GatewayMetrics.UNKNOWN));
        }
        unknownOther = metrics.route(namespace, api, config.name(), GatewayMetrics.UNKNOWN, GatewayMetrics.UNKNOWN);
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

    /** Meters for requests of this stage that matched no route. */
    public RouteMeters unknownMeters(String method) {
        RouteMeters m = unknownMeters.get(method);
        return m != null ? m : unknownOther;
    }
}
