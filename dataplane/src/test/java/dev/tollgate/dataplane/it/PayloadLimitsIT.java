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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 10 MB payload limit and {@code Expect: 100-continue}. */
class PayloadLimitsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "Host: api.default.execute-api.localhost\r\n";

    @BeforeAll
    static void serve() {
        GATEWAY.serve(config(rest(
                "api",
                stage("prod", route("ANY", "/{proxy+}", proxy(url(GATEWAY.echoPort()), "/{proxy}", List.of()))))));
    }

    @Test
    void bodyOverTenMegabytesAnswers413RequestTooLong() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            int size = Limits.MAX_BODY_BYTES + 1;
            http.write(("POST /prod/upload HTTP/1.1\r\n" + HOST + "Content-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
            assertThat(r.header("x-amzn-ErrorType")).isEqualTo("RequestEntityTooLargeException");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void chunkedBodyOverTheLimitAnswers413() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            http.write(("POST /prod/upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1024 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            RawHttp.Response r = null;
            try {
                for (int i = 0; i < 11; i++) {
                    http.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    http.write(chunk);
                    http.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (java.io.IOException closedWhileWriting) {
                // The gateway may close before the whole body is written; the answer is still there.
            }
            r = http.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
        }
    }

    @Test
    void expectContinueWithAnOversizedLengthAnswers413WithoutReadingTheBody() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            RawHttp.Response r = http.send("POST /prod/upload HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\n"
                    + "Content-Length: " + (Limits.MAX_BODY_BYTES + 1) + "\r\n\r\n");
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueGets100ThenTheResponse() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            RawHttp.Response cont = http.send(
                    "POST /prod/upload HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(cont.status()).isEqualTo(100);
            RawHttp.Response r = http.send("hello");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"body\":\"hello\"").doesNotContain("100-continue");
        }
    }

    @Test
    void unknownExpectationAnswers417() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            RawHttp.Response r = http.send(
                    "POST /prod/upload HTTP/1.1\r\n" + HOST + "Expect: teapot\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(r.status()).isEqualTo(417);
            assertThat(r.body()).isEqualTo("{\"message\":\"Expectation Failed\"}");
        }
    }

    @Test
    void bodyAtTheLimitIsServed() throws Exception {
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            byte[] body = new byte[1024 * 1024];
            Arrays.fill(body, (byte) 'y');
            http.write(("POST /prod/bytes/3 HTTP/1.1\r\n" + HOST + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            http.write(body);
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).hasSize(3);
        }
    }
}
