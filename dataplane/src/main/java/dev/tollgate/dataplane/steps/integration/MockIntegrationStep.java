package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.IntegrationRequest;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.template.JsonValues;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.template.TemplateException;
import dev.tollgate.ir.MockIntegrationConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AWS's MOCK integration: the status is the request template's {@code {"statusCode": N}} (fixed
 * by the compiler for a literal template, rendered per request for a VTL one; 200 without), and
 * the integration response whose selection pattern matches it (else the default one) answers;
 * with none, 200 and an empty body.
 */
final class MockIntegrationStep implements Step {
    private final MockIntegrationConfig config;
    private final IntegrationResponses responses;
    private final IntegrationResponses.Compiled fixed;

    MockIntegrationStep(MockIntegrationConfig config, TemplateEngine templates, String name) {
        this.config = config;
        this.responses = IntegrationResponses.of(config.responses(), templates, name);
        // A fixed status selects its response once, here.
        this.fixed = responses.select(config.statusCode());
    }

    @Override
    public void apply(Exchange exchange) {
        long start = System.nanoTime();
        int status = config.statusCode();
        IntegrationResponses.Compiled selected = fixed;
        IntegrationRequest mapped = exchange.integrationRequest();
        if (!config.requestTemplates().isEmpty() && mapped != null) {
            status = renderedStatus(mapped);
            selected = responses.select(status);
        }
        exchange.integrationDone(System.nanoTime() - start, status, null);
        exchange.trace("Mock integration: status " + status + ", no endpoint request");
        if (selected == null) {
            if (!responses.isEmpty()) {
                exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
                return;
            }
            exchange.respond(
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
            return;
        }
        FullHttpResponse response;
        try {
            response = IntegrationResponses.build(selected, exchange, null, null, null);
        } catch (TemplateException | JsonValues.InvalidBodyException | IllegalArgumentException e) {
            exchange.fail(GatewayError.API_CONFIGURATION_ERROR);
            return;
        }
        exchange.respond(response);
    }

    /** The {@code statusCode} the rendered template chose; 200 when it names none valid. */
    private static int renderedStatus(IntegrationRequest mapped) {
        try {
            Object doc = JsonValues.parse(new String(mapped.body(), StandardCharsets.UTF_8));
            if (doc instanceof Map<?, ?> m && m.get("statusCode") instanceof Number n) {
                int s = n.intValue();
                if (s >= 100 && s <= 599) {
                    return s;
                }
            }
        } catch (JsonValues.InvalidBodyException e) {
            // Not JSON: AWS's mock then answers as if no status was chosen.
        }
        return 200;
    }
}
