package dev.tollgate.dataplane.metrics;

import dev.tollgate.ir.RouteConfig;

/**
 * Where the meters of one stage (or of its canary) and of its routes come from, registered on first
 * use rather than when the runtime is built: a configured route that never served costs no meters,
 * and a route has no series until it answers, as CloudWatch has no datapoints for it. The same tags
 * give the same Micrometer meters, so a route built again by a reload counts on in its series.
 *
 * <p>A route without detailed metrics counts in its API's and stage's series, the ones a request
 * that matches no route counts in, so every such route of the stage shares {@link #stage()}.
 */
public final class StageMeters {
    private final GatewayMetrics metrics;
    private final String namespace;
    private final String api;
    private final String stage;
    private final boolean canary;
    // Set once on first use; a second thread racing to set it registers the same meters.
    private volatile RouteMeters stageLevel;

    /**
     * @param metrics the registry's owner
     * @param namespace the stage's namespace
     * @param api the API's name
     * @param stage the stage's name
     * @param canary whether these are the meters of the stage's canary
     */
    public StageMeters(GatewayMetrics metrics, String namespace, String api, String stage, boolean canary) {
        this.metrics = metrics;
        this.namespace = namespace;
        this.api = api;
        this.stage = stage;
        this.canary = canary;
    }

    /** The API's and stage's meters (method and resource labels empty), registered on first call. */
    public RouteMeters stage() {
        RouteMeters m = stageLevel;
        if (m == null) {
            m = metrics.route(namespace, api, stage, GatewayMetrics.STAGE_LEVEL, GatewayMetrics.STAGE_LEVEL, canary);
            stageLevel = m;
        }
        return m;
    }

    /** The meters {@code route} counts in: its own with detailed metrics, else {@link #stage()}. */
    public RouteMeters route(RouteConfig route) {
        return route.metricsEnabled() ? metrics.route(namespace, api, stage, route, canary) : stage();
    }
}
