package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.template.TemplateEngine;

/**
 * Process-wide services a runtime is built with; they outlive every runtime.
 *
 * @param resolver where Services are
 * @param metrics the meter registry
 * @param steps the step factories in their order
 * @param templates the mapping template engine (gateway responses, request and response mapping)
 */
public record RuntimeServices(
        ServiceResolver resolver, GatewayMetrics metrics, StepOrder steps, TemplateEngine templates) {

    /** Services with the gateway's template engine. */
    public RuntimeServices(ServiceResolver resolver, GatewayMetrics metrics, StepOrder steps) {
        this(resolver, metrics, steps, TemplateEngine.defaults());
    }
}
