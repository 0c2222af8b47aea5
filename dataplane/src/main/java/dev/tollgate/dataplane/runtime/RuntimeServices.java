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
 * @param webSockets the {@code @connections} API of WebSocket stages
 * @param telemetry tracing, access log destinations and execution logs
 */
public record RuntimeServices(
        ServiceResolver resolver,
        GatewayMetrics metrics,
        StepOrder steps,
        TemplateEngine templates,
        WebSocketEndpoint webSockets,
        TelemetryServices telemetry) {

    public RuntimeServices {
        webSockets = webSockets == null ? WebSocketEndpoint.NONE : webSockets;
        telemetry = telemetry == null ? TelemetryServices.none() : telemetry;
    }

    /** Services with the gateway's template engine, without exported traces or log destinations. */
    public RuntimeServices(ServiceResolver resolver, GatewayMetrics metrics, StepOrder steps) {
        this(resolver, metrics, steps, TemplateEngine.defaults(), null, null);
    }

    /** Services without exported traces or log destinations. */
    public RuntimeServices(
            ServiceResolver resolver, GatewayMetrics metrics, StepOrder steps, TemplateEngine templates) {
        this(resolver, metrics, steps, templates, null, null);
    }
}
