package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * AWS's MOCK integration: the integration response whose selection pattern matches the mock's
 * status code (else the default one) answers; with none, 200 and an empty body.
 */
final class MockIntegrationStep implements Step {
    private final IntegrationResponseConfig selected;

    MockIntegrationStep(MockIntegrationConfig config) {
        // The mock's status is fixed per route, so the selection is made once, here.
        this.selected = new IntegrationResponses(config.responses()).select(config.statusCode());
    }

    @Override
    public void apply(Exchange exchange) {
        long start = System.nanoTime();
        exchange.trace("Mock integration: status " + (selected == null ? 200 : selected.statusCode())
                + ", no endpoint request");
        if (selected == null) {
            exchange.integrationDone(System.nanoTime() - start, 200, null);
            exchange.respond(
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
            return;
        }
        var response = IntegrationResponses.build(selected, exchange, null, null, null);
        exchange.integrationDone(System.nanoTime() - start, selected.statusCode(), null);
        exchange.respond(response);
    }
}
