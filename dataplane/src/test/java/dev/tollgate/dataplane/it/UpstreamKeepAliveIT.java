package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backend connections are kept or closed by what the backend said, not by what the gateway tells
 * its client: a client that closes its connection after each answer still has its requests served
 * over pooled backend connections, and a backend that answers {@code Connection: close} is never
 * sent another request on that connection.
 */
class UpstreamKeepAliveIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "api.default.execute-api.localhost";
    private static ClosingBackend closing;

    @BeforeAll
    static void serve() throws Exception {
        closing = new ClosingBackend();
        GATEWAY.serve(config(rest(
                "api",
                stage(
                        "prod",
                        route("GET", "/echo", proxy(url(GATEWAY.echoPort()), "/", 2000)),
                        route("POST", "/closing", proxy(url(closing.port()), "/", 2000))))));
    }

    @AfterAll
    static void stop() throws IOException {
        closing.close();
    }

    @Test
    void clientClosingEachConnectionKeepsTheBackendConnectionPooled() throws Exception {
        int before = GATEWAY.echoConnectionsAccepted();
        for (int i = 0; i < 12; i++) {
            RawHttp.Response r = RawHttp.exchange(
                    GATEWAY.port(), "GET /prod/echo HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
        // One pooled connection per event loop at most (the extension runs two; another test's may
        // already be pooled), not one per request.
        assertThat(GATEWAY.echoConnectionsAccepted() - before).isBetween(0, 2);
    }

    @Test
    void http10ClientKeepsTheBackendConnectionPooled() throws Exception {
        int before = GATEWAY.echoConnectionsAccepted();
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r =
                    RawHttp.exchange(GATEWAY.port(), "GET /prod/echo HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(GATEWAY.echoConnectionsAccepted() - before).isBetween(0, 2);
    }

    @Test
    void backendConnectionCloseIsHonouredThoughTheClientKeepsItsConnection() throws Exception {
        int before = closing.accepted.get();
        try (RawHttp http = new RawHttp(GATEWAY.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = http.send("POST /prod/closing HTTP/1.1\r\nHost: " + HOST
                        + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("ok");
                // AWS renames the backend's Connection header; the client's own stays keep-alive.
                assertThat(r.header("x-amzn-Remapped-Connection")).isEqualTo("close");
                assertThat(r.header("Connection")).isNull();
            }
        }
        // Each POST on a new backend connection: the one that said close was not reused while the
        // backend held it open without reading (which would have lost the request).
        assertThat(closing.accepted.get() - before).isEqualTo(3);
    }

    /**
     * Answers one request per connection with {@code Connection: close}, then keeps the socket open
     * for a second without reading, as a server that closes lazily does.
     */
    static final class ClosingBackend implements AutoCloseable {
        private final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();

        ClosingBackend() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptLoop, "closing-backend");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    Thread t = new Thread(() -> answerOnce(s), "closing-backend-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void answerOnce(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                // The head, then the two body bytes the test sends.
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                in.readNBytes(2);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: 2\r\n\r\nok")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1000);
            } catch (IOException e) {
                // The gateway went away first: nothing to answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
