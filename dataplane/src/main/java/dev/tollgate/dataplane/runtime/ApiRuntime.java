package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.ir.ApiConfig;
import java.util.Map;

/**
 * One API as served.
 *
 * @param namespace the namespace it came from
 * @param config its IR
 * @param stages its stages by name
 * @param responses its customised gateway responses, or null for AWS's defaults (a pinned stage
 *     has its deployment's: {@link StageRuntime#responses})
 * @param cors its CORS policy, or null (a pinned stage has its deployment's: {@link
 *     StageRuntime#cors})
 * @param payload its binary media types and compression
 */
public record ApiRuntime(
        String namespace,
        ApiConfig config,
        Map<String, StageRuntime> stages,
        GatewayResponses responses,
        CorsPolicy cors,
        PayloadPolicy payload) {

    /** An API runtime with the responses, CORS and payload policies its config asks for. */
    public ApiRuntime(String namespace, ApiConfig config, Map<String, StageRuntime> stages, TemplateEngine templates) {
        this(
                namespace,
                config,
                stages,
                GatewayResponses.of(namespace + "/" + config.name(), config.gatewayResponses(), templates),
                CorsPolicy.of(config.cors()),
                PayloadPolicy.of(config.payload()));
    }
}
