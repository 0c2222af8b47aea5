package dev.tollgate.dataplane.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS's PetStore example API with its mapping templates, imported with the {@code import} command
 * and served in local mode in front of the echo backend (which serves AWS's three demo pets): the
 * MOCK root page, the pets list reshaped by its response template, a new pet mapped by its request
 * template, a pet passed through, and the CORS preflight MOCK.
 */
class PetStoreExampleIT {
    private static final String HOST = "petstore.default.execute-api.localhost";
    private static EchoServer backend;
    private static LocalGateway local;
    private static Path folder;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoServer.start("127.0.0.1", 0);
        folder = Files.createTempDirectory("tollgate-petstore-it");
        Path document = Files.createTempFile(folder, "petstore", ".yaml");
        try (var in = PetStoreExampleIT.class.getResourceAsStream("/openapi/petstore-example-oas30.yaml")) {
            Files.write(document, in.readAllBytes());
        }
        Path out = folder.resolve("resources");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportCommand.run(
                new String[] {
                    "import",
                    document.toString(),
                    "--stage",
                    "test",
                    "--stage-variable",
                    "petstoreHost=127.0.0.1:" + backend.port(),
                    "--out",
                    out.toString()
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        local = LocalGateway.on(out).start();
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
        return RawHttp.exchange(
                port,
                method + " " + target + " HTTP/1.1\r\nHost: " + HOST + "\r\n" + headers + "Content-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void theRootIsTheMockHtmlPage() throws Exception {
        RawHttp.Response r = send("GET", "/test/", "Accept: text/html\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        assertThat(r.body()).startsWith("<html>").contains("<h1>Welcome to your Pet Store API</h1>");
    }

    @Test
    void thePetsListIsReshapedByItsResponseTemplate() throws Exception {
        RawHttp.Response r = send("GET", "/test/pets?type=dog&page=1", "", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.body())
                .isEqualTo("[\n"
                        + "  {\n    \"description\" : \"Item 1 is a dog.\",\n    \"askingPrice\" : 249.99\n  },\n"
                        + "  {\n    \"description\" : \"Item 2 is a cat.\",\n    \"askingPrice\" : 124.99\n  },\n"
                        + "  {\n    \"description\" : \"Item 3 is a fish.\",\n    \"askingPrice\" : 0.99\n  }\n"
                        + "]");
    }

    @Test
    void aNewPetIsMappedByItsRequestTemplate() throws Exception {
        RawHttp.Response r = send(
                "POST", "/test/pets", "Content-Type: application/json\r\n", "{\"type\": \"gecko\", \"price\": 19.5}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\n  \"pet\" : {\n    \"type\" : \"gecko\",\n    \"price\" : 19.5\n  },\n"
                        + "  \"message\" : \"success\"\n}");
    }

    @Test
    void onePetPassesThroughWithTheCorsHeader() throws Exception {
        RawHttp.Response r = send("GET", "/test/pets/2", "", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":2,\"type\":\"cat\",\"price\":124.99}");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void thePreflightIsAnsweredByItsMock() throws Exception {
        RawHttp.Response r = send("OPTIONS", "/test/pets", "Origin: http://localhost:3000\r\n", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("POST,GET,OPTIONS");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
