package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.httpApi;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.StageConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoutingErrorsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String PETSTORE = "petstore.default.execute-api.localhost";

    @BeforeAll
    static void serve() {
        ApiConfig hidden = new ApiConfig(
                "hidden", ProtocolType.REST, false, List.of(stage("prod", route("GET", "/x", mock("{}")))));
        StageConfig httpStage = stage("prod", route("GET", "/items", mock("{\"items\":[]}")));
        StageConfig withDefault = new StageConfig(
                "prod", new java.util.TreeMap<>(), null, List.of(), route("ANY", "/", mock("{\"default\":true}")));
        GATEWAY.serve(config(
                rest("petstore", stage("prod", route("GET", "/pets", mock("{\"pets\":[]}")))),
                hidden,
                httpApi("items", httpStage),
                httpApi("fallback", withDefault)));
    }

    @Test
    void knownRouteAnswersWithRequestId() throws Exception {
        RawHttp.Response r = GATEWAY.get(PETSTORE, "/prod/pets");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"pets\":[]}");
        assertThat(r.header("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
    }

    @Test
    void unknownResourceOnRestApiAnswers403MissingAuthenticationToken() throws Exception {
        RawHttp.Response r = GATEWAY.get(PETSTORE, "/prod/nothing");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("x-amzn-RequestId")).isNotBlank();
    }

    @Test
    void unknownMethodOnRestApiAnswers403MissingAuthenticationToken() throws Exception {
        RawHttp.Response r = GATEWAY.raw("DELETE /prod/pets HTTP/1.1\r\nHost: " + PETSTORE + "\r\n\r\n");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void headIsNotServedByGetRoute() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            http.write(("HEAD /prod/pets HTTP/1.1\r\nHost: " + PETSTORE + "\r\n\r\n").getBytes());
            RawHttp.Response r = http.read(true);
            assertThat(r.status()).isEqualTo(403);
        }
    }

    @Test
    void unknownStageAnswers403Forbidden() throws Exception {
        RawHttp.Response r = GATEWAY.get(PETSTORE, "/dev/pets");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("ForbiddenException");
    }

    @Test
    void missingStageAnswers403Forbidden() throws Exception {
        assertThat(GATEWAY.get(PETSTORE, "/").status()).isEqualTo(403);
    }

    @Test
    void unknownHostAnswers403Forbidden() throws Exception {
        RawHttp.Response r = GATEWAY.get("nobody.example", "/prod/pets");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void hostMatchIgnoresCaseAndPort() throws Exception {
        assertThat(GATEWAY.get("PetStore.Default.Execute-Api.Localhost:8080", "/prod/pets")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void disabledDefaultEndpointAnswers403Forbidden() throws Exception {
        RawHttp.Response r = GATEWAY.get("hidden.default.execute-api.localhost", "/prod/x");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void unknownRouteOnHttpApiAnswers404NotFound() throws Exception {
        RawHttp.Response r = GATEWAY.get("items.default.execute-api.localhost", "/prod/nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("NotFoundException");
    }

    @Test
    void httpApiDefaultRouteTakesUnmatchedRequests() throws Exception {
        RawHttp.Response r = GATEWAY.get("fallback.default.execute-api.localhost", "/prod/any/thing");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"default\":true}");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = http.send("GET /prod/pets HTTP/1.1\r\nHost: " + PETSTORE + "\r\n\r\n");
                assertThat(r.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            http.write(("GET /prod/pets HTTP/1.1\r\nHost: " + PETSTORE + "\r\n\r\n"
                            + "GET /prod/nothing HTTP/1.1\r\nHost: " + PETSTORE + "\r\n\r\n")
                    .getBytes());
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().status()).isEqualTo(403);
        }
    }
}
