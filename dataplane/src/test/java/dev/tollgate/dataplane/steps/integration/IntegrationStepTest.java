package dev.tollgate.dataplane.steps.integration;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.Exchanges;
import dev.tollgate.dataplane.testing.ScriptedUpstream;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.dataplane.testing.TestConfigs;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MOCK answers and HTTP_PROXY calls, the backend scripted (no socket). */
class IntegrationStepTest {
    private static final String HOST = "api.default.execute-api.localhost";
    private static final UrlUpstreamConfig BACKEND = new UrlUpstreamConfig("http", "backend.test", 8080);

    private StepHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private void serve(ScriptedUpstream upstream, RouteConfig... routes) {
        harness = new StepHarness()
                .with(Slot.INTEGRATION, new IntegrationStepFactory(upstream))
                .serve(config(rest("api", stage("prod", routes))));
    }

    @Test
    void mockAnswersWithTheSelectedResponsesStatusTemplateAndHeader() throws Exception {
        MockIntegrationConfig teapot = new MockIntegrationConfig(
                418,
                List.of(
                        new IntegrationResponseConfig(
                                "4\\d\\d",
                                418,
                                List.of(new ParameterMapping(
                                        ParameterMapping.Target.HEADER, "x-brew", new ParameterSource.Literal("tea"))),
                                new TreeMap<>(Map.of("application/json", "{\"short\":true}"))),
                        new IntegrationResponseConfig(null, 200, List.of(), new TreeMap<>())));
        serve(ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED), route("GET", "/pot", teapot));
        StepHarness.Answer answer = harness.get(HOST, "/prod/pot");
        assertThat(answer.status()).isEqualTo(418);
        assertThat(answer.body()).isEqualTo("{\"short\":true}");
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        assertThat(answer.header("x-brew")).isEqualTo("tea");
    }

    @Test
    void mockWithoutResponsesAnswers200Empty() throws Exception {
        serve(
                ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED),
                route("GET", "/empty", new MockIntegrationConfig(200, List.of())));
        StepHarness.Answer answer = harness.get(HOST, "/prod/empty");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void proxySendsTheRequestWithForwardingHeadersAndPassesTheAnswerThrough() throws Exception {
        ScriptedUpstream upstream =
                new ScriptedUpstream(sent -> ScriptedUpstream.json(201, "{\"created\":\"" + sent.uri() + "\"}"));
        serve(upstream, route("ANY", "/{proxy+}", TestConfigs.proxy(BACKEND, "/v1/{proxy}", List.of())));
        FullHttpRequest request = Exchanges.request("POST", HOST, "/prod/pets/7?x=1", "{\"name\":\"rex\"}");
        request.headers().set("Content-Type", "application/json");
        StepHarness.Answer answer = harness.send(request);
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("{\"created\":\"/v1/pets/7?x=1\"}");
        ScriptedUpstream.Sent sent = upstream.sent().get(0);
        assertThat(sent.address().host()).isEqualTo("backend.test");
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.body()).isEqualTo("{\"name\":\"rex\"}");
        assertThat(sent.headers().get("Host")).isEqualTo("backend.test:8080");
        assertThat(sent.headers().get("X-Forwarded-For")).isEqualTo(Exchanges.CLIENT_IP);
        assertThat(sent.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(sent.headers().get("X-Forwarded-Host")).isEqualTo(HOST);
        assertThat(sent.headers().get("x-amzn-RequestId"))
                .isEqualTo(answer.exchange().requestId());
        assertThat(answer.exchange().value(ContextVariable.INTEGRATION_STATUS)).isEqualTo("201");
    }

    @Test
    void backendTimeoutAnswers504AndAFailedConnectionAnswers502() throws Exception {
        serve(
                ScriptedUpstream.failing(UpstreamException.Kind.TIMEOUT),
                route("GET", "/slow", TestConfigs.proxy(BACKEND, "/", 100)));
        StepHarness.Answer slow = harness.get(HOST, "/prod/slow");
        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        harness.close();
        serve(
                ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED),
                route("GET", "/down", TestConfigs.proxy(BACKEND, "/", 100)));
        StepHarness.Answer down = harness.get(HOST, "/prod/down");
        assertThat(down.status()).isEqualTo(502);
        assertThat(down.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(down.exchange().value(ContextVariable.INTEGRATION_ERROR)).isEqualTo("CONNECT_FAILED");
    }
}
