package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import io.micrometer.core.instrument.Tags;

/**
 * What a step factory sees of one route when a runtime is built.
 *
 * @param config the namespace's config
 * @param api the API
 * @param stage the stage
 * @param route the route
 * @param services the process-wide services steps use
 */
public record StepContext(
        GatewayConfig config, ApiConfig api, StageConfig stage, RouteConfig route, RuntimeServices services) {

    /**
     * The route's stable id within its namespace, {@code api/stage/METHOD /path}: limit state (a
     * method throttle's bucket, a per-method plan bucket) is keyed by it, so a reload keeps it.
     */
    public String routeId() {
        return api.name() + "/" + stage.name() + "/" + route.httpMethod() + " " + route.resourcePath();
    }

    /**
     * The tags of the route's meters (namespace, api, stage, method, resource): its own method and
     * resource with detailed metrics, else its API's and stage's.
     */
    public Tags meterTags() {
        return GatewayMetrics.routeTags(config.namespace(), api.name(), stage.name(), route);
    }
}
