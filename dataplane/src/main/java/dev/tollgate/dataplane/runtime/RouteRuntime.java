package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.ir.RouteConfig;

/**
 * One route as served: its IR, its precomputed steps and its meters.
 *
 * @param config the route's IR
 * @param chain its steps
 * @param meters its meters
 */
public record RouteRuntime(RouteConfig config, StepChain chain, RouteMeters meters) {}
