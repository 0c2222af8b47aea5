package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RepoRoot;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's mapping template walk-through: local mode on config/samples, the petstore-mapped API. */
class LocalModeTransformationSamplesIT {
    private static final String HOST = "petstore-mapped.default.execute-api.localhost";
    private static LocalGateway local;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        local = LocalGateway.on(RepoRoot.samples()).echoAs("pets-backend").start();
        port = local.port();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static RawHttp.Response post(String path, String contentType, String body) throws Exception {
        return RawHttp.exchange(
                port,
                "POST " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                        + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void thePetsListIsReshapedByTheResponseTemplate() throws Exception {
        RawHttp.Response r = RawHttp.get(port, HOST, "/prod/pets");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\n  \"count\": 3,\n  \"pets\": [\n"
                        + "    {\"name\": \"dog #1\", \"askingPrice\": \"$249.99\"},\n"
                        + "    {\"name\": \"cat #2\", \"askingPrice\": \"$124.99\"},\n"
                        + "    {\"name\": \"fish #3\", \"askingPrice\": \"$0.99\"}\n  ]\n}\n");
    }

    @Test
    void anOrderIsMappedBothWays() throws Exception {
        RawHttp.Response r = post("/prod/orders", "application/json", "{\"petId\": 2, \"customer\": \"Ann\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("X-Backend-Path")).isEqualTo("/orders");
        assertThat(r.body()).isEqualTo("{\"ordered\": 2, \"for\": \"Ann\", \"via\": \"tollgate\"}\n");
        RawHttp.Response refused = post("/prod/orders", "text/plain", "hi");
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
    }

    @Test
    void theMockStatusIsChosenByItsTemplate() throws Exception {
        RawHttp.Response down = RawHttp.get(port, HOST, "/prod/status?down=true");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body())
                .isEqualTo("{\"status\": \"down\", \"requestId\": \"" + down.header("x-amzn-RequestId") + "\"}");
        RawHttp.Response up = RawHttp.get(port, HOST, "/prod/status");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\": \"up\", \"stage\": \"prod\"}");
    }
}
