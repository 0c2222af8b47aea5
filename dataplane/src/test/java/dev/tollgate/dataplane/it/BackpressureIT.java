package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.GatewayExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that pipelines large requests and never reads its responses cannot make the gateway
 * hold more than a bounded amount: one request is served at a time, its response stops at the
 * connection's write buffer, the backend's is no longer read, and nothing more of the client's is
 * read. Asserted on the gateway's own accounting of the body and response bytes it holds.
 */
class BackpressureIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final int MIB = 1024 * 1024;
    private static final int REQUESTS = 24;
    private static final int BODY = MIB;
    /** Each response is 4 MiB: far more than socket buffers take, so the client's side fills. */
    private static final int RESPONSE = 4 * MIB;
    /**
     * What the gateway may hold for one such connection: a read of the socket, the write buffer's
     * high water mark and a read of the backend's, with room to spare; without flow control it
     * holds megabytes per queued request.
     */
    private static final long BOUND = 2L * MIB;

    @Test
    void pipelinedRequestsNeverReadBackKeepTheGatewaysHeldBytesBounded() throws Exception {
        GATEWAY.serve(config(rest(
                "api", stage("prod", route("ANY", "/{proxy+}", proxy(url(GATEWAY.echoPort()), "/{proxy}", 29_000))))));
        GatewayServer gateway = GATEWAY.gateway();
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) 'p');
        byte[] head = ("POST /prod/bytes/" + RESPONSE + " HTTP/1.1\r\nHost: api.default.execute-api.localhost\r\n"
                        + "Content-Length: " + BODY + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        long total = (long) REQUESTS * (head.length + BODY);
        AtomicLong written = new AtomicLong();
        AtomicBoolean finished = new AtomicBoolean();
        try (Socket socket = new Socket()) {
            // A small receive buffer: the client's side fills early, as a client that never reads.
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", GATEWAY.port()), 5000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < REQUESTS; i++) {
                                out.write(head);
                                written.addAndGet(head.length);
                                for (int off = 0; off < BODY; off += 64 * 1024) {
                                    out.write(body, off, 64 * 1024);
                                    written.addAndGet(64 * 1024);
                                }
                            }
                            out.flush();
                            finished.set(true);
                        } catch (IOException e) {
                            // The socket is closed when the test ends.
                        }
                    },
                    "pipelining-client");
            writer.setDaemon(true);
            writer.start();

            // Sample the gateway's accounting until the writer stalls (the gateway stopped reading).
            long max = 0;
            long last = -1;
            int still = 0;
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (still < 25 && !finished.get() && System.nanoTime() < deadline) {
                max = Math.max(max, gateway.bodyBytesInFlight() + gateway.responseBytesBuffered());
                long now = written.get();
                still = now == last ? still + 1 : 0;
                last = now;
                Thread.sleep(40);
            }
            max = Math.max(max, gateway.bodyBytesInFlight() + gateway.responseBytesBuffered());

            assertThat(finished.get())
                    .as(
                            "the gateway kept reading a client that never reads (%d of %d bytes taken)",
                            written.get(), total)
                    .isFalse();
            assertThat(written.get()).isLessThan(total);
            assertThat(max)
                    .as("body and response bytes held for the connection")
                    .isLessThanOrEqualTo(BOUND);
            assertThat(gateway.inFlight()).isLessThanOrEqualTo(1);
        }
        Await.until("the connection's request is given up", () -> gateway.inFlight() == 0);
        Await.until("nothing is held", () -> gateway.bodyBytesInFlight() == 0 && gateway.responseBytesBuffered() == 0);
        Await.until(
                "the backend call is given up", () -> gateway.upstreamMetrics().callsInFlight() == 0);
    }
}
