package dev.tollgate.dataplane.runtime;

import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;

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
        GatewayConfig config, ApiConfig api, StageConfig stage, RouteConfig route, RuntimeServices services) {}
