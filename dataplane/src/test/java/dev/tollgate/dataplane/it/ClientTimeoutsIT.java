package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CountingBackend;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each client deadline, shortened by configuration, closes the connection with its documented
 * answer: slow headers and slow or stalled bodies get 408 {@code Request Timeout}, a silent new
 * connection, an idle keep-alive connection, a response the client does not read and a TLS
 * handshake that never completes are closed without one; each is counted by kind. A ClientHello
 * announcing 16 MiB is refused at once, and accepted sockets have TCP keep-alive on.
 */
class ClientTimeoutsIT {
    private static final String HOST = "Host: api.default.execute-api.localhost\r\n";
    private static final long SHORT = 400;
    private static final TrafficLimitsConfig SHORT_LIMITS =
            new TrafficLimitsConfig(SHORT, SHORT, 1500L, SHORT, SHORT, null, null, null);

    private CountingBackend backend;
    private GatewayExtension.Standalone started;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        backend = CountingBackend.start();
        started = GatewayExtension.standalone(o -> o.withLimits(SHORT_LIMITS));
        serve(started.extension());
        gateway = started.extension().gateway();
    }

    @AfterEach
    void stop() {
        started.close();
        backend.close();
    }

    private void serve(GatewayExtension g) {
        g.gateway().enableTls(0);
        g.serve(config(rest(
                "api",
                stage(
                        "prod",
                        route("GET", "/hello", mock("{\"hello\":true}")),
                        route("POST", "/upload", proxy(url(backend.port()), "/upload", List.of())),
                        route("GET", "/echo/{proxy+}", proxy(url(g.echoPort()), "/{proxy}", List.of()))))));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) Await.DEADLINE.toMillis());
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException reset) {
            return "";
        }
    }

    private void assertCounted(String kind) throws InterruptedException {
        String line = "tollgate_client_timeouts_total{kind=\"" + kind + "\"} ";
        Await.until(kind + " timeout counted", () -> {
            String scrape = gateway.metrics().scrape();
            int at = scrape.indexOf(line);
            return at >= 0 && !scrape.startsWith("0.0", at + line.length());
        });
    }

    @Test
    void slowHeadersAnswer408RequestTimeoutAndClose() throws Exception {
        try (Socket socket = connect(gateway.port())) {
            write(socket, "GET /prod/hello HTTP/1.1\r\n" + HOST + "X-Slow: ");
            String answer = readToClose(socket);
            assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("{\"message\":\"Request Timeout\"}");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
        }
        assertCounted("header");
    }

    @Test
    void newConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (Socket socket = connect(gateway.port())) {
            assertThat(readToClose(socket)).isEmpty();
        }
        assertCounted("header");
    }

    @Test
    void stalledBodyAnswers408AndItsBackendCallIsGivenUp() throws Exception {
        try (Socket socket = connect(gateway.port())) {
            write(socket, "POST /prod/upload HTTP/1.1\r\n" + HOST + "Content-Length: 1000\r\n\r\n0123456789");
            String answer = readToClose(socket);
            assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("{\"message\":\"Request Timeout\"}");
        }
        assertCounted("body");
        Await.until(
                "the backend call is given up", () -> gateway.upstreamMetrics().callsInFlight() == 0);
    }

    @Test
    void bodyTricklingPastItsWholeDeadlineAnswers408() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (Socket socket = connect(gateway.port())) {
            write(socket, "POST /prod/upload HTTP/1.1\r\n" + HOST + "Content-Length: 100000\r\n\r\n");
            // A byte every 100 ms keeps the body alive, never whole: only the whole-body deadline ends it.
            Thread trickle = new Thread(
                    () -> {
                        try {
                            while (!stop.get()) {
                                socket.getOutputStream().write('x');
                                socket.getOutputStream().flush();
                                Thread.sleep(100);
                            }
                        } catch (IOException | InterruptedException e) {
                            // Closed by the gateway, or the test is over.
                        }
                    },
                    "trickle");
            trickle.setDaemon(true);
            trickle.start();
            String answer = readToClose(socket);
            stop.set(true);
            assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("{\"message\":\"Request Timeout\"}");
        }
        assertCounted("body");
    }

    @Test
    void idleKeepAliveConnectionIsClosed() throws Exception {
        try (RawHttp http = new RawHttp(gateway.port())) {
            RawHttp.Response r = http.send("GET /prod/hello HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("connection")).isNull();
        }
        try (Socket socket = connect(gateway.port())) {
            write(socket, "GET /prod/hello HTTP/1.1\r\n" + HOST + "\r\n");
            String answer = readToClose(socket);
            // The one response, then the close: nothing in between.
            assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("{\"hello\":true}");
        }
        assertCounted("idle");
    }

    @Test
    void responseTheClientDoesNotReadIsCutAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
            // 8 MiB: more than the kernel's buffers take on either side, within the 10 MB response cap.
            write(socket, "GET /prod/echo/bytes/8388608 HTTP/1.1\r\n" + HOST + "\r\n");
            // Never read: the gateway's side fills, and the response waits past the idle timeout.
            assertCounted("write");
            Await.until("the request is given up", () -> gateway.inFlight() == 0);
            Await.until("nothing is held for it", () -> gateway.responseBytesBuffered() == 0);
        }
    }

    @Test
    void tlsHandshakeThatNeverCompletesIsClosed() throws Exception {
        try (Socket socket = connect(gateway.httpsPort())) {
            assertThat(readToClose(socket)).isEmpty();
        }
        assertCounted("tls-handshake");
    }

    @Test
    void clientHelloAnnouncingSixteenMebibytesIsRefusedWithoutWaitingForThem() throws Exception {
        // A handshake deadline longer than the client waits: only the ClientHello cap can close it.
        try (GatewayExtension.Standalone patient = GatewayExtension.standalone(
                o -> o.withLimits(new TrafficLimitsConfig(null, null, null, null, 120_000L, null, null, null)))) {
            serve(patient.extension());
            GatewayServer g = patient.extension().gateway();
            try (Socket socket = connect(g.httpsPort())) {
                // A TLS record holding a ClientHello header that announces 0xFFFFFF bytes: 10 bytes.
                socket.getOutputStream().write(new byte[] {
                    0x16, 0x03, 0x01, 0x00, 0x05, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x03
                });
                socket.getOutputStream().flush();
                assertThat(readToClose(socket)).isEmpty();
            }
            Await.until("the refusal is counted", () -> g.metrics()
                    .scrape()
                    .contains("tollgate_connections_rejected_total{reason=\"tls-client-hello-too-long\"} 1.0"));
        }
    }

    @Test
    void acceptedConnectionsHaveTcpKeepAliveOn() throws Exception {
        List<Path> tables = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
        assumeTrue(Files.isReadable(tables.get(0)), "needs Linux's /proc/net/tcp");
        try (RawHttp http = new RawHttp(gateway.port())) {
            assertThat(http.send("GET /prod/hello HTTP/1.1\r\n" + HOST + "\r\n").status())
                    .isEqualTo(200);
            // The gateway's end of this connection: local port = the gateway's, remote = ours.
            String local = String.format(":%04X", gateway.port());
            String remote = String.format(":%04X", http.localPort());
            String timer = null;
            for (Path table : tables) {
                if (!Files.isReadable(table)) {
                    continue;
                }
                // IPv4 sockets are in tcp, the native transport's dual-stack ones in tcp6.
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 5 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                        timer = f[5].substring(0, f[5].indexOf(':'));
                    }
                }
            }
            // Timer 02: the kernel's keep-alive timer runs on the idle socket (00 when SO_KEEPALIVE is off).
            assertThat(timer).isEqualTo("02");
        }
    }
}
