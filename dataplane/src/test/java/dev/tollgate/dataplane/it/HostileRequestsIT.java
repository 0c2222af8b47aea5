package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.Limits;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.ProtocolType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every hostile request over a real socket: AWS's status and JSON body, then the connection closes. */
class HostileRequestsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "Host: api.default.execute-api.localhost\r\n";

    @BeforeAll
    static void serve() {
        HttpIntegrationConfig echo = proxy(url(GATEWAY.echoPort()), "/{proxy}", List.of());
        HttpIntegrationConfig item = proxy(url(GATEWAY.echoPort()), "/items/{id}", List.of());
        ApiConfig slashes = new ApiConfig(
                "slashes",
                ProtocolType.REST,
                true,
                List.of(stage("prod", route("ANY", "/{proxy+}", echo)), stage("items", route("GET", "/{id}", item))),
                List.of(),
                null,
                null,
                true,
                null);
        GATEWAY.serve(config(rest("api", stage("prod", route("ANY", "/{proxy+}", echo))), slashes));
    }

    private static void assertRejected(String raw, int status, String message) throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            RawHttp.Response r = http.send(raw);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.body()).isEqualTo("{\"message\":\"" + message + "\"}");
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(r.header("x-amzn-RequestId")).isNotBlank();
            assertThat(r.header("x-amzn-ErrorType")).isNotBlank();
            assertThat(http.closedByServer()).as("connection closed").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\nContent-Length: 1\r\n\r\na",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Content-Length: 1, 1\r\n\r\na",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Content-Length: one\r\n\r\na",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding:  xchunked\r\n\r\n0\r\n\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding: identity\r\n\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + HOST + "\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X-A: 1\r\n\tfolded\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X-A: a\u0000b\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X-A: a\u001bb\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X A: 1\r\n\r\n",
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X-A : 1\r\n\r\n",
                "GET /prod/x HTTP/3.0\r\n" + HOST + "\r\n",
                "GET /prod/x HTTX/1.1\r\n" + HOST + "\r\n",
                "GET /prod/x\r\n" + HOST + "\r\n",
                "TRACE /prod/x HTTP/1.1\r\n" + HOST + "\r\n",
                "CONNECT api.default.execute-api.localhost:443 HTTP/1.1\r\n" + HOST + "\r\n",
                "PURGE /prod/x HTTP/1.1\r\n" + HOST + "\r\n",
                "GET http://evil.example/prod/x HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /prod/%2e%2e/%2e%2e/etc HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /prod/a%00b HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /prod/%C0%AE%C0%AE/x HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /prod/x?a=%zz HTTP/1.1\r\n" + HOST + "\r\n",
                "POST /prod/x HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            })
    void hostileRequestAnswers400AndClosesTheConnection(String raw) throws Exception {
        assertRejected(raw, 400, "Bad Request");
    }

    @Test
    void nineKilobyteRequestLinePasses() throws Exception {
        String path = "/prod/" + "a".repeat(9 * 1024);
        RawHttp.Response r =
                RawHttp.exchange(GATEWAY.port(), "GET " + path + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/" + "a".repeat(9 * 1024) + "\"");
    }

    @Test
    void urlOfTheAwsQuotaPassesAndOneCharacterMoreAnswers414() throws Exception {
        String atCap = "/prod/" + "a".repeat(Limits.MAX_URL_LENGTH - "/prod/".length());
        RawHttp.Response r = RawHttp.exchange(
                GATEWAY.port(), "DELETE " + atCap + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertRejected("GET " + atCap + "a HTTP/1.1\r\n" + HOST + "\r\n", 414, "Request-URI Too Long");
    }

    @Test
    void headersUnderTheCapPassAndAHeaderBlockPastTenKilobytesAnswers431() throws Exception {
        // About 9.5 KiB of headers in 19 fields passes.
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 19; i++) {
            fields.append("X-F").append(i).append(": ").append("v".repeat(500)).append("\r\n");
        }
        RawHttp.Response r = RawHttp.exchange(
                GATEWAY.port(), "GET /prod/x HTTP/1.1\r\n" + HOST + fields + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        String block = HOST + "X-Big: " + "b".repeat(Limits.MAX_HEADER_BYTES + 1 - HOST.length() - 9) + "\r\n";
        assertThat(block.length()).isGreaterThan(Limits.MAX_HEADER_BYTES);
        assertRejected("GET /prod/x HTTP/1.1\r\n" + block + "\r\n", 431, "Request Header Fields Too Large");
    }

    @Test
    void dotSegmentWithPathParametersAnswers400() throws Exception {
        assertRejected("GET /prod/a/..;/admin HTTP/1.1\r\n" + HOST + "\r\n", 400, "Bad Request");
        assertRejected("GET /prod/a/%2e%2e;x/admin HTTP/1.1\r\n" + HOST + "\r\n", 400, "Bad Request");
        assertRejected("GET /prod/.;/admin HTTP/1.1\r\n" + HOST + "\r\n", 400, "Bad Request");
    }

    @Test
    void semicolonAndBackslashReachTheBackendEncodedInsideTheirSegment() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                GATEWAY.port(), "GET /prod/a;jsessionid=1/b\\c/%5Cd HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/a%3Bjsessionid=1/b%5Cc/%5Cd\"");
    }

    @Test
    void encodedSlashInAParameterMatchesNoRouteUnlessTheApiLetsItsProxyPathHoldOne() throws Exception {
        RawHttp.Response refused = GATEWAY.get("api.default.execute-api.localhost", "/prod/a%2Fb/c");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        RawHttp.Response kept = GATEWAY.get("slashes.default.execute-api.localhost", "/prod/a%2Fb/c");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body()).contains("\"path\":\"/a%2Fb/c\"");
        // A {param} never takes one, whatever the API says.
        assertThat(GATEWAY.get("slashes.default.execute-api.localhost", "/items/a%2Fb")
                        .status())
                .isEqualTo(403);
        assertThat(GATEWAY.get("slashes.default.execute-api.localhost", "/items/ab")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void urlOverTheCapAnswers414() throws Exception {
        assertRejected(
                "GET /prod/" + "a".repeat(Limits.MAX_INITIAL_LINE) + " HTTP/1.1\r\n" + HOST + "\r\n",
                414,
                "Request-URI Too Long");
    }

    @Test
    void headerSectionOverTheCapAnswers431() throws Exception {
        assertRejected(
                "GET /prod/x HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(Limits.MAX_HEADER_BYTES) + "\r\n\r\n",
                431,
                "Request Header Fields Too Large");
    }

    @Test
    void tooManyHeadersAnswers431() throws Exception {
        StringBuilder sb = new StringBuilder("GET /prod/x HTTP/1.1\r\n" + HOST);
        for (int i = 0; i < 150; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        assertRejected(sb.append("\r\n").toString(), 431, "Request Header Fields Too Large");
    }

    @Test
    void absoluteFormWithTheHostsAuthorityIsServed() throws Exception {
        RawHttp.Response r = GATEWAY.raw("GET http://api.default.execute-api.localhost/prod/hello HTTP/1.1\r\n" + HOST
                + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/hello\"");
    }

    @Test
    void encodedTraversalInsideTheStageReachesOnlyWhatRoutingChose() throws Exception {
        RawHttp.Response r =
                GATEWAY.raw("GET /prod/pets/%2e%2e/admin HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"path\":\"/admin\"");
    }
}
