package dev.tollgate.dataplane.runtime;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.ProtocolType;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customised gateway responses, a service of the runtime: the error's own type first, then
 * DEFAULT_4XX / DEFAULT_5XX, else AWS's default answer; templates see {@code $context}.
 */
class GatewayResponsesTest {
    private static final GatewayError INVALID_BODY = new GatewayError(
            HttpResponseStatus.BAD_REQUEST, "Invalid request body", "BadRequestException", "BAD_REQUEST_BODY");

    private static final String HOST = "shop.default.execute-api.localhost";

    private StepHarness harness;

    @BeforeEach
    void serve() {
        ApiConfig shop = new ApiConfig(
                "shop",
                ProtocolType.REST,
                true,
                List.of(stage("prod", route("GET", "/items", mock("{}")))),
                List.of(
                        new GatewayResponseConfig(
                                "MISSING_AUTHENTICATION_TOKEN",
                                404,
                                new TreeMap<>(Map.of("x-why", "no such resource")),
                                new TreeMap<>(Map.of(
                                        "application/json",
                                        "{\"error\":$context.error.messageString,\"id\":\"$context.requestId\"}"))),
                        new GatewayResponseConfig(
                                "BAD_REQUEST_BODY",
                                0,
                                new TreeMap<>(Map.of("x-kind", "validation")),
                                new TreeMap<>(Map.of(
                                        "application/json",
                                        "{\"message\":$context.error.messageString,"
                                                + "\"detail\":\"$context.error.validationErrorString\"}")),
                                List.of(new ParameterMapping(
                                        ParameterMapping.Target.HEADER,
                                        "x-echo",
                                        new ParameterSource.Request(ParameterSource.Location.QUERYSTRING, "echo")))),
                        new GatewayResponseConfig(
                                "DEFAULT_5XX",
                                0,
                                new TreeMap<>(),
                                new TreeMap<>(
                                        Map.of("application/json", "{\"oops\":\"$context.error.responseType\"}")))),
                null);
        harness = new StepHarness()
                .with(StepOrder.Slot.VALIDATION, ctx -> exchange -> {
                    if (exchange.query().last("invalid") != null) {
                        exchange.fail(INVALID_BODY, "instance type (string) does not match any allowed primitive type");
                    } else {
                        exchange.proceed();
                    }
                })
                .with(StepOrder.Slot.INTEGRATION, ctx -> exchange -> {
                    throw new IllegalStateException("a bug in the integration");
                })
                .serve(config(shop));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theErrorsOwnTypeIsCustomisedWithStatusHeaderAndContext() throws Exception {
        StepHarness.Answer answer = harness.get(HOST, "/prod/nothing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("x-why")).isEqualTo("no such resource");
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(answer.body())
                .isEqualTo("{\"error\":\"Missing Authentication Token\",\"id\":\""
                        + answer.exchange().requestId() + "\"}");
    }

    @Test
    void aValidationFailureRendersItsErrorContextAndMappedHeaders() throws Exception {
        StepHarness.Answer answer = harness.get(HOST, "/prod/items?invalid=1&echo=e-1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("x-kind")).isEqualTo("validation");
        assertThat(answer.header("x-echo")).isEqualTo("e-1");
        assertThat(answer.body())
                .isEqualTo("{\"message\":\"Invalid request body\",\"detail\":"
                        + "\"instance type (string) does not match any allowed primitive type\"}");
    }

    @Test
    void aFailureInsideTheGatewayGetsTheDefault5xxCustomisation() throws Exception {
        StepHarness.Answer answer = harness.get(HOST, "/prod/items");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"oops\":\"DEFAULT_5XX\"}");
    }

    @Test
    void anUncustomisedErrorGetsAwsDefaultAnswer() throws Exception {
        StepHarness.Answer answer = harness.get("unknown.default.execute-api.localhost", "/prod/items");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }
}
