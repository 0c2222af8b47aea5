package dev.tollgate.dataplane.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RepoRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: the {@code import} command turns an AWS export into a folder, local mode serves the
 * folder, and its MOCK and HTTP_PROXY (and HTTP) methods answer through a real echo backend on
 * 127.0.0.1, which reports what it received.
 */
class ImportedApiIT {
    private static final String HOST = "echo-shop.default.execute-api.localhost";
    private static final String HTTP_API = "echo-http.default.execute-api.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EchoServer backend;
    private static LocalGateway local;
    private static Path folder;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        folder = Files.createTempDirectory("tollgate-import-it");
        Path document = RepoRoot.resolve("compiler/src/test/resources/openapi/echo-rest-oas30.yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportCommand.run(
                new String[] {
                    "import",
                    document.toString(),
                    "--stage",
                    "prod",
                    "--stage-variable",
                    "backendHost=127.0.0.1:" + backend.port(),
                    "--out",
                    folder.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(folder.resolve("echo-shop.yaml")).exists();
        code = ImportCommand.run(
                new String[] {
                    "import",
                    document.resolveSibling("echo-http-oas30.json").toString(),
                    "--stage",
                    "prod",
                    "--stage-variable",
                    "backendHost=127.0.0.1:" + backend.port(),
                    "--out",
                    folder.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        local = LocalGateway.on(folder)
                .flags("--service", "echo-backend=127.0.0.1:" + backend.port())
                .start();
        port = local.port();
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
        return send(HOST, method, target, headers, body);
    }

    private static RawHttp.Response send(String host, String method, String target, String headers, String body)
            throws Exception {
        return RawHttp.request(port, host, method, target, headers, body);
    }

    @Test
    void mockMethodAnswersWithItsTemplateAndHeader() throws Exception {
        RawHttp.Response r = send("GET", "/prod/health", "", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\": \"ok\"}");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void mockMethodSelectsTheStatusFromItsRequestTemplate() throws Exception {
        RawHttp.Response r = send("GET", "/prod/teapot", "", "");
        assertThat(r.status()).isEqualTo(418);
        assertThat(r.body()).isEqualTo("{\"message\": \"I'm a teapot\"}");
    }

    @Test
    void httpProxyMethodFillsThePathParameterAndPassesQueryAndHeaders() throws Exception {
        RawHttp.Response r = send("GET", "/prod/items/42?color=red&size=L", "X-Trace: t-1\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("method").asText()).isEqualTo("GET");
        assertThat(echo.path("path").asText()).isEqualTo("/store/items/42");
        assertThat(echo.path("query").path("color").get(0).asText()).isEqualTo("red");
        assertThat(echo.path("query").path("size").get(0).asText()).isEqualTo("L");
        assertThat(echo.path("headers").path("x-trace").get(0).asText()).isEqualTo("t-1");
    }

    @Test
    void greedyHttpProxyPassesMethodPathQueryAndBody() throws Exception {
        RawHttp.Response r = send("POST", "/prod/proxy/orders/7/lines?expand=1", "", "{\"sku\":\"a-1\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("method").asText()).isEqualTo("POST");
        assertThat(echo.path("path").asText()).isEqualTo("/orders/7/lines");
        assertThat(echo.path("query").path("expand").get(0).asText()).isEqualTo("1");
        assertThat(echo.path("body").asText()).isEqualTo("{\"sku\":\"a-1\"}");
    }

    @Test
    void httpMethodSendsOnlyMappedParametersToTheStageVariableHost() throws Exception {
        RawHttp.Response r = send("GET", "/prod/search?q=shoes&page=2", "x-client-id: c-7\r\nX-Other: no\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("path").asText()).isEqualTo("/v1/search");
        assertThat(echo.path("query").path("term").get(0).asText()).isEqualTo("shoes");
        assertThat(echo.path("query").has("q")).isFalse();
        assertThat(echo.path("query").has("page")).isFalse();
        assertThat(echo.path("headers").path("x-client").get(0).asText()).isEqualTo("c-7");
        assertThat(echo.path("headers").path("x-source").get(0).asText()).isEqualTo("tollgate");
        assertThat(echo.path("headers").has("x-other")).isFalse();
    }

    @Test
    void aPathTheDocumentLacksAnswers403MissingAuthenticationToken() throws Exception {
        RawHttp.Response r = send("GET", "/prod/nothing-here", "", "");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void httpApiRouteProxiesWithItsPathParameterAndParameterMappings() throws Exception {
        RawHttp.Response r = send(HTTP_API, "GET", "/prod/items/9?fields=name", "", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("path").asText()).isEqualTo("/catalog/9");
        assertThat(echo.path("query").path("fields").get(0).asText()).isEqualTo("name");
        // HTTP API parameter mappings (overwrite:header.x-item: $request.path.itemId, ...).
        assertThat(echo.path("headers").path("x-item").get(0).asText()).isEqualTo("9");
        assertThat(echo.path("query").path("v").get(0).asText()).isEqualTo("2");
    }

    @Test
    void httpApiDefaultRouteSendsTheWholePathToTheStageVariableHost() throws Exception {
        RawHttp.Response r = send(HTTP_API, "DELETE", "/prod/carts/3/lines/1?force=true", "X-Cart: c\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.path("method").asText()).isEqualTo("DELETE");
        assertThat(echo.path("path").asText()).isEqualTo("/carts/3/lines/1");
        assertThat(echo.path("query").path("force").get(0).asText()).isEqualTo("true");
        assertThat(echo.path("headers").path("x-cart").get(0).asText()).isEqualTo("c");
    }
}
