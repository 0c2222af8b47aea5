package dev.tollgate.dataplane.runtime;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.CorsConfig;
import dev.tollgate.ir.ProtocolType;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS, a service of the runtime: the preflight is answered before routing, and every other answer
 * to an allowed origin carries the allow headers, errors included. The backend here answers with
 * CORS headers of its own, which must not widen the policy.
 */
class CorsPolicyTest {
    private static final String HOST = "web.default.execute-api.localhost";
    private static final String APP = "https://app.example.com";

    private StepHarness harness;

    @BeforeEach
    void serve() {
        ApiConfig web = new ApiConfig(
                "web",
                ProtocolType.HTTP,
                true,
                List.of(stage("prod", route("GET", "/items", mock("{}")))),
                List.of(),
                new CorsConfig(
                        List.of(APP), List.of("GET", "POST"), List.of("authorization"), List.of("X-Total"), 600, true));
        harness = new StepHarness()
                .with(Slot.INTEGRATION, ctx -> exchange -> {
                    FullHttpResponse response = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
                    response.headers().set("Access-Control-Allow-Origin", "*");
                    exchange.respond(response);
                })
                .serve(config(web));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private StepHarness.Answer send(String method, String path, String origin, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Origin";
        all[1] = origin;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return harness.send(method, HOST, path, all);
    }

    @Test
    void preflightFromAnAllowedOriginIsAnswered204BeforeRoutingWithTheAllowHeaders() throws Exception {
        StepHarness.Answer answer = send(
                "OPTIONS",
                "/prod/no-such-route",
                APP,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "Authorization");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("GET,POST");
        assertThat(answer.header("Access-Control-Allow-Headers")).isEqualTo("authorization");
        assertThat(answer.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(answer.exchange().route()).as("no route ran").isNull();
    }

    @Test
    void preflightFromAnotherOriginGetsNoAllowHeaders() throws Exception {
        StepHarness.Answer answer =
                send("OPTIONS", "/prod/items", "https://evil.example.com", "Access-Control-Request-Method", "GET");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anAllowedOriginsAnswerCarriesTheGatewaysHeadersNotTheBackends() throws Exception {
        StepHarness.Answer answer = send("GET", "/prod/items", APP);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(answer.header("Access-Control-Expose-Headers")).isEqualTo("X-Total");
        assertThat(answer.header("Vary")).isEqualTo("Origin");
    }

    @Test
    void errorAnswersCarryTheHeadersToo() throws Exception {
        StepHarness.Answer answer = send("GET", "/prod/missing", APP);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }
}
