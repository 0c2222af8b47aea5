package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.ResourcePolicyConfig;
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
 * @param canary whether the route is one of the stage's canary (its {@code stage} is then the
 *     canary's view of the stage: the stage's name and limits, the canary's variables, routes and
 *     deployment)
 */
public record StepContext(
        GatewayConfig config,
        ApiConfig api,
        StageConfig stage,
        RouteConfig route,
        RuntimeServices services,
        boolean canary) {

    /** A route of a stage, not of its canary. */
    public StepContext(
            GatewayConfig config, ApiConfig api, StageConfig stage, RouteConfig route, RuntimeServices services) {
        this(config, api, stage, route, services, false);
    }

    /**
     * The resource policy the route is served under: its stage's deployment's when the stage is
     * pinned (or this is its canary), else the API's; null for none.
     */
    public ResourcePolicyConfig policy() {
        return stage.deployment() != null ? stage.deployment().policy() : api.policy();
    }

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
