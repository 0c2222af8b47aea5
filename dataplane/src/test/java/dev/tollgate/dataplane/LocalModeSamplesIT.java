package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RepoRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README walk-through: local mode on config/samples with an echo server as pets-backend and as
 * hello-fn (the Lambda invoke API of its demo functions).
 */
class LocalModeSamplesIT {
    private static final String PETSTORE = "petstore.default.execute-api.localhost";
    private static LocalGateway local;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        local = LocalGateway.on(RepoRoot.samples())
                .echoAs("pets-backend", "hello-fn")
                .start();
        port = local.port();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void listsPetsThroughTheServiceProxy() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/pets");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"dog\"").contains("\"type\":\"fish\"");
    }

    @Test
    void getsOnePetByPathParameter() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/pets/2");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":2,\"type\":\"cat\",\"price\":124.99}");
    }

    @Test
    void healthIsAnsweredByTheMock() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\": \"ok\"}");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void inventoryUsesHttpMappingsWithStageVariables() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/store/inventory?status=sold");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"path\":\"/inventory\"")
                .contains("\"x-store-region\":[\"eu-west-1\"]")
                .contains("\"format\":[\"json\"]")
                .contains("\"filter\":[\"sold\"]")
                .contains("\"x-request-id\":[\"" + r.header("x-amzn-RequestId") + "\"]");
    }

    @Test
    void legacyProxyFillsStageVariableAndGreedyPath() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/legacy/pets/3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":3,\"type\":\"fish\",\"price\":0.99}");
        RawHttp.Response echo = RawHttp.get(port, PETSTORE, "/prod/legacy/anything/else?a=1");
        assertThat(echo.body()).contains("\"path\":\"/v1/anything/else\"").contains("\"a\":[\"1\"]");
    }

    @Test
    void customDomainWithTlsIsRefusedOnThePlainListener() throws Exception {
        // The domain is served over TLS (LocalModeSecuritySamplesIT); in plain text its Host is refused.
        RawHttp.Response r = RawHttp.get(port, "api.petstore.localhost", "/v1/pets");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void unknownResourceAnswers403MissingAuthenticationToken() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/prod/unicorns");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void unknownStageAnswers403Forbidden() throws Exception {
        RawHttp.Response r = RawHttp.get(port, PETSTORE, "/staging/pets");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    private static final String HELLO = "serverless.default.execute-api.localhost";

    @Test
    void theLambdaSampleInvokesTheProxyFunctionWithTheVersion1Event() throws Exception {
        RawHttp.Response r = RawHttp.get(port, HELLO, "/prod/hello/ann?x=1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Function")).isEqualTo("hello");
        assertThat(r.body())
                .isEqualTo("{\"message\":\"hello from hello\",\"method\":\"GET\",\"path\":\"/hello/ann\","
                        + "\"query\":{\"x\":\"1\"},\"principal\":null,\"body\":null}");
    }

    @Test
    void theLambdaSampleAuthorizerAllowsDeniesAndRefuses() throws Exception {
        RawHttp.Response allowed = RawHttp.request(port, HELLO, "GET", "/prod/private", "Authorization: allow\r\n", "");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"principal\":\"user-allow\"");
        assertThat(RawHttp.request(port, HELLO, "GET", "/prod/private", "Authorization: deny\r\n", "")
                        .status())
                .isEqualTo(403);
        assertThat(RawHttp.request(port, HELLO, "GET", "/prod/private", "Authorization: who\r\n", "")
                        .status())
                .isEqualTo(401);
    }
}
