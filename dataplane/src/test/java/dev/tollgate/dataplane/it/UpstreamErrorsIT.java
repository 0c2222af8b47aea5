package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backend failures: timeout 504, refused and reset 502, with AWS's bodies. */
class UpstreamErrorsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "api.default.execute-api.localhost";

    @BeforeAll
    static void serve() throws Exception {
        int closedPort = FreePorts.refusing();
        GATEWAY.serve(config(rest(
                "api",
                stage(
                        "prod",
                        route("GET", "/slow", proxy(url(GATEWAY.echoPort()), "/delay/3000", 100)),
                        route("GET", "/refused", proxy(url(closedPort), "/", 1000)),
                        route("GET", "/reset", proxy(url(GATEWAY.echoPort()), "/close", 1000))))));
    }

    @Test
    void integrationTimeoutAnswers504EndpointRequestTimedOut() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/slow");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
    }

    @Test
    void refusedBackendAnswers502() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/refused");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void resetBackendAnswers502() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/reset");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void connectionSurvivesAnIntegrationError() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            assertThat(http.send("GET /prod/refused HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                            .status())
                    .isEqualTo(502);
            assertThat(http.send("GET /prod/refused HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                            .status())
                    .isEqualTo(502);
        }
    }
}
