package dev.tollgate.dataplane.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.Imports;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS's request validation sample API, imported with the {@code import} command and served in
 * local mode in front of a real echo backend: a valid request reaches the backend, and what the
 * validators refuse is answered 400 as AWS answers it, without a backend call.
 */
class ValidatedApiIT {
    private static final String HOST = "reqvalidators-sample.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PET = "{\"type\":\"dog\",\"name\":\"Rex\",\"price\":249.99}";
    private static EchoServer backend;
    private static LocalGateway local;
    private static Path folder;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        folder = Files.createTempDirectory("tollgate-validated-it");
        Imports.corpus(
                "validated-rest-swagger.json",
                folder,
                "--stage",
                "prod",
                "--stage-variable",
                "backendHost=127.0.0.1:" + backend.port());
        local = LocalGateway.on(folder).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (local != null) {
            local.close();
        }
        if (backend != null) {
            backend.close();
        }
        Folders.delete(folder);
    }

    private static RawHttp.Response send(String method, String target, String headers, String body) throws Exception {
        return RawHttp.request(local.port(), HOST, method, target, headers, body);
    }

    @Test
    void aValidPostReachesTheBackendWithItsMappedHeaderAndBody() throws Exception {
        RawHttp.Response r = send("POST", "/prod/validation", "h1: v-1\r\nContent-Type: application/json\r\n", PET);
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("method").asText()).isEqualTo("POST");
        assertThat(echo.path("path").asText()).isEqualTo("/petstore/pets");
        assertThat(echo.path("headers").path("header1").get(0).asText()).isEqualTo("v-1");
        assertThat(echo.path("body").asText()).isEqualTo(PET);
    }

    @Test
    void aPostWithoutTheRequiredHeaderIsRefusedWithAwsBadRequestParameters() throws Exception {
        RawHttp.Response r = send("POST", "/prod/validation", "Content-Type: application/json\r\n", PET);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
        assertThat(r.header("x-amzn-RequestId")).isNotBlank();
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing required request parameters: [h1]\"}");
    }

    @Test
    void aPostWhoseBodyBreaksTheModelIsRefusedWithAwsBadRequestBody() throws Exception {
        RawHttp.Response r = send(
                "POST",
                "/prod/validation",
                "h1: v-1\r\nContent-Type: application/json\r\n",
                "{\"type\":\"bird\",\"name\":\"Tweety\",\"price\":10}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("BadRequestException");
        assertThat(r.body()).isEqualTo("{\"message\":\"Invalid request body\"}");
    }

    @Test
    void aPostWithoutContentTypeIsValidatedAsJsonAsAwsDoes() throws Exception {
        RawHttp.Response r = send("POST", "/prod/validation", "h1: v-1\r\n", "{\"name\":\"Rex\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Invalid request body\"}");
    }

    @Test
    void theApiWideParamsOnlyValidatorChecksTheQueryStringOfGet() throws Exception {
        RawHttp.Response missing = send("GET", "/prod/validation", "", "");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Missing required request parameters: [q1]\"}");
        RawHttp.Response blank = send("GET", "/prod/validation?q1=", "", "");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).isEqualTo("{\"message\":\"Missing required request parameters: [q1]\"}");
        RawHttp.Response ok = send("GET", "/prod/validation?q1=cat", "", "");
        assertThat(ok.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(ok.body());
        assertThat(echo.path("path").asText()).isEqualTo("/petstore/pets");
        assertThat(echo.path("query").path("type").get(0).asText()).isEqualTo("cat");
    }
}
