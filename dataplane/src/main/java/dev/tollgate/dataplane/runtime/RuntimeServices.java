package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.GatewayMetrics;

/**
 * Process-wide services a runtime is built with; they outlive every runtime.
 *
 * @param resolver where Services are
 * @param metrics the meter registry
 * @param steps the step factories in their order
 */
public record RuntimeServices(ServiceResolver resolver, GatewayMetrics metrics, StepOrder steps) {}
