package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ProtocolType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayResponsesIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String CUSTOM = "custom.default.execute-api.localhost";
    private static final String PLAIN = "plain.default.execute-api.localhost";

    @BeforeAll
    static void serve() throws IOException {
        int closedPort = FreePorts.refusing();
        ApiConfig custom = new ApiConfig(
                "custom",
                ProtocolType.REST,
                true,
                List.of(stage(
                        "prod",
                        route("GET", "/ok", mock("{}")),
                        route("GET", "/down", proxy(url(closedPort), "/", 2000)))),
                List.of(
                        new GatewayResponseConfig(
                                "MISSING_AUTHENTICATION_TOKEN",
                                404,
                                new TreeMap<>(Map.of("X-Error-Kind", "not-found")),
                                new TreeMap<>(Map.of(
                                        "application/json",
                                        "{\"error\":$context.error.messageString,\"type\":\"$context.error.responseType\","
                                                + "\"stage\":\"$context.stage\"}"))),
                        new GatewayResponseConfig(
                                "DEFAULT_4XX", 0, new TreeMap<>(Map.of("X-Default", "4xx")), new TreeMap<>()),
                        new GatewayResponseConfig(
                                "DEFAULT_5XX",
                                503,
                                new TreeMap<>(),
                                new TreeMap<>(Map.of("text/plain", "failed: $context.error.responseType")))),
                null);
        GATEWAY.serve(config(custom, rest("plain", stage("prod", route("GET", "/ok", mock("{}"))))));
    }

    @Test
    void specificResponseTypeReplacesStatusHeadersAndBody() throws Exception {
        RawHttp.Response r = GATEWAY.get(CUSTOM, "/prod/nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("X-Error-Kind")).isEqualTo("not-found");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(r.header("x-amzn-RequestId")).isNotBlank();
        assertThat(r.body())
                .isEqualTo("{\"error\":\"Missing Authentication Token\",\"type\":\"MISSING_AUTHENTICATION_TOKEN\","
                        + "\"stage\":\"prod\"}");
    }

    @Test
    void default4xxAppliesToOtherClientErrorsKeepingStatusAndBody() throws Exception {
        RawHttp.Response r = GATEWAY.get(CUSTOM, "/test/ok");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("X-Default")).isEqualTo("4xx");
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void default5xxAppliesToIntegrationFailures() throws Exception {
        RawHttp.Response r = GATEWAY.get(CUSTOM, "/prod/down");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("content-type")).isEqualTo("text/plain");
        assertThat(r.body()).isEqualTo("failed: INTEGRATION_FAILURE");
    }

    @Test
    void successfulResponsesAreUntouched() throws Exception {
        RawHttp.Response r = GATEWAY.get(CUSTOM, "/prod/ok");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Default")).isNull();
    }

    @Test
    void apiWithoutCustomisationKeepsAwsDefaults() throws Exception {
        RawHttp.Response r = GATEWAY.get(PLAIN, "/prod/nothing");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(r.header("X-Error-Kind")).isNull();
    }
}
