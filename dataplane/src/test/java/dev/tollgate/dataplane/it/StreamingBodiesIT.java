package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.server.Limits;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CountingBackend;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies stream through a route no step needs the body of: the backend reads the first
 * bytes while the client still holds the rest, the 10 MB limit counts the bytes that flow, and a
 * client that goes away gives its backend connection back. A route that reads the body (forced
 * here for every route) holds it whole under the process's budget instead.
 */
class StreamingBodiesIT {
    private static final String HOST = "Host: api.default.execute-api.localhost\r\n";
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension();

    private CountingBackend backend;

    @BeforeEach
    void start() throws Exception {
        backend = CountingBackend.start();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private void serve(GatewayExtension g) {
        g.serve(config(rest(
                "api",
                stage(
                        "prod",
                        route("POST", "/upload", proxy(url(backend.port()), "/upload", List.of())),
                        route("ANY", "/echo/{proxy+}", proxy(url(g.echoPort()), "/{proxy}", 20_000))))));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] head(String target, String framing) {
        return ("POST " + target + " HTTP/1.1\r\n" + HOST + framing + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void streamedUploadReachesTheBackendBeforeTheClientHasSentItAll() throws Exception {
        serve(gateway);
        int total = 9 * MIB;
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(head("/prod/upload", "Content-Length: " + total));
            http.write(bytes(MIB));
            // The client holds the other 8 MiB until the backend has seen the first ones.
            assertThat(backend.firstBytes().await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(backend.received()).isLessThan(total);
            for (int i = 1; i < 9; i++) {
                http.write(bytes(MIB));
            }
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"bytes\":" + total + "}");
        }
        Await.until("no body bytes held", () -> gateway.gateway().bodyBytesInFlight() == 0);
    }

    @Test
    void streamedChunkedUploadPastTenMegabytesIsCutAndAnswered413() throws Exception {
        serve(gateway);
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(head("/prod/upload", "Transfer-Encoding: chunked"));
            byte[] chunk = bytes(MIB);
            byte[] size = (Integer.toHexString(MIB) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 11; i++) {
                    http.write(size);
                    http.write(chunk);
                    http.write(crlf);
                }
            } catch (IOException closedWhileWriting) {
                // The gateway closes once the limit passes; its answer is there to read.
            }
            RawHttp.Response r = http.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("{\"message\":\"Request Too Long\"}");
        }
        // The backend got the bytes that flowed before the limit, never a whole request past it.
        assertThat(backend.received()).isGreaterThan(0).isLessThanOrEqualTo(Limits.MAX_BODY_BYTES);
        GatewayServer g = gateway.gateway();
        Await.until("the backend call is given up", () -> g.upstreamMetrics().callsInFlight() == 0);
        Await.until("its connection is closed", () -> g.upstreamMetrics().connectionsOpen() == 0);
    }

    @Test
    void clientThatDisconnectsMidRequestFreesItsUpstreamConnection() throws Exception {
        serve(gateway);
        GatewayServer g = gateway.gateway();
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(
                    ("GET /prod/echo/delay/60000 HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Await.until(
                    "the backend call is in flight", () -> g.upstreamMetrics().callsInFlight() == 1);
            Await.until("its connection is open", () -> g.upstreamMetrics().connectionsOpen() == 1);
        }
        Await.until("the abandoned call is given up", () -> g.upstreamMetrics().callsInFlight() == 0);
        Await.until("its connection is closed", () -> g.upstreamMetrics().connectionsOpen() == 0);
        assertThat(g.inFlight()).isZero();
        // The client's half-sent upload goes the same way.
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.write(head("/prod/upload", "Content-Length: " + (2 * MIB)));
            http.write(bytes(MIB));
            assertThat(backend.firstBytes().await(20, TimeUnit.SECONDS)).isTrue();
        }
        Await.until(
                "the abandoned upload is given up", () -> g.upstreamMetrics().callsInFlight() == 0);
        Await.until(
                "the upload's connection is closed", () -> g.upstreamMetrics().connectionsOpen() == 0);
        Await.until("no body bytes held", () -> g.bodyBytesInFlight() == 0);
        RawHttp.Response next = RawHttp.exchange(
                gateway.port(), "GET /prod/echo/status/200 HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void routeThatReadsTheBodyHoldsItWholeWithinTheBudgetBeforeTheBackendSeesIt() throws Exception {
        try (GatewayExtension.Standalone aggregating = GatewayExtension.standalone(o -> o.withAggregateBodies(true))) {
            serve(aggregating.extension());
            GatewayServer g = aggregating.extension().gateway();
            int total = 3 * MIB;
            try (RawHttp http = new RawHttp(g.port())) {
                http.write(head("/prod/upload", "Content-Length: " + total));
                http.write(bytes(MIB));
                // The declared length is reserved up front; nothing is sent before the body is whole.
                Await.until("the body is reserved", () -> g.bodyBytesInFlight() >= total);
                assertThat(backend.received()).isZero();
                http.write(bytes(MIB));
                http.write(bytes(MIB));
                RawHttp.Response r = http.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"bytes\":" + total + "}");
            }
            Await.until("the reservation is given back", () -> g.bodyBytesInFlight() == 0);
        }
    }

    @Test
    void bodyPastTheBudgetWaitsBrieflyThenGets503() throws Exception {
        try (GatewayExtension.Standalone small =
                GatewayExtension.standalone(o -> o.withAggregateBodies(true).withLimits(limitsWithBudget(MIB)))) {
            serve(small.extension());
            GatewayServer g = small.extension().gateway();
            try (RawHttp holding = new RawHttp(g.port())) {
                holding.write(head("/prod/upload", "Content-Length: " + (900 * 1024)));
                holding.write(bytes(1024));
                Await.until("the first body is reserved", () -> g.bodyBytesInFlight() >= 900 * 1024);

                RawHttp.Response refused = RawHttp.exchange(
                        g.port(),
                        "POST /prod/upload HTTP/1.1\r\n" + HOST + "Content-Length: 204800\r\n\r\n"
                                + "y".repeat(204800));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");

                holding.write(bytes(900 * 1024 - 1024));
                assertThat(holding.read().status()).isEqualTo(200);
            }
            Await.until("the budget is free again", () -> g.bodyBytesInFlight() == 0);
            RawHttp.Response now = RawHttp.exchange(
                    g.port(),
                    "POST /prod/upload HTTP/1.1\r\n" + HOST + "Content-Length: 204800\r\n\r\n" + "y".repeat(204800));
            assertThat(now.status()).isEqualTo(200);
            assertThat(small.extension().gateway().metrics().scrape())
                    .contains("tollgate_connections_rejected_total{reason=\"body-budget\"} 1.0");
        }
    }

    private static TrafficLimitsConfig limitsWithBudget(long bytes) {
        return new TrafficLimitsConfig(null, null, null, null, null, null, null, bytes);
    }
}
