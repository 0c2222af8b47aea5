package dev.tollgate.dataplane.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints the WebSocket figures the docs quote, measured on this machine (never asserted): heap held
 * per open connection (so connections per GB of heap), and message round-trip latency at moderate
 * load for a MOCK two-way route ({@code whoami}) and an HTTP one ({@code echo}, through the sample
 * backend). Local mode on config/samples, in this JVM; connections are held by raw sockets (a few
 * hundred bytes each on the client side, counted in the figure, so it is a slight over-estimate).
 *
 * <p>Run: {@code java -cp <test classpath> dev.tollgate.dataplane.testing.WebSocketFigures
 * [connections] [clients] [messagesPerClient]}.
 */
public final class WebSocketFigures {
    private WebSocketFigures() {}

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try (LocalGateway local = LocalGateway.on(RepoRoot.samples())
                .echoAs("pets-backend")
                .flags("--default-api", "chat")
                .start()) {
            int port = local.port();
            heldPerConnection(port, connections);
            latency(port, clients, messages, "{\"action\":\"whoami\"}", "whoami (MOCK, two-way)");
            latency(port, clients, messages, "{\"action\":\"echo\",\"text\":\"hello\"}", "echo (HTTP, two-way)");
        }
        System.exit(0);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void heldPerConnection(int port, int n) throws Exception {
        // Warm up: the first connections load classes and fill pools.
        List<Socket> warm = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            warm.add(open(port));
        }
        long before = usedHeapAfterGc();
        List<Socket> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            held.add(open(port));
        }
        long after = usedHeapAfterGc();
        double perConnection = (after - before) / (double) n;
        System.out.printf(
                "connections held: %d, heap per connection: %.0f bytes, connections per GB of heap: %.0f%n",
                n, perConnection, (1L << 30) / perConnection);
        for (Socket s : held) {
            s.close();
        }
        for (Socket s : warm) {
            s.close();
        }
    }

    /** A connection upgraded by hand (no client library state to count). */
    private static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /prod HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("not upgraded: " + head);
        }
        return socket;
    }

    private static void latency(int port, int clients, int messages, String message, String what) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    try (WsClient ws = WsClient.connect(port, "/prod")) {
                        for (int i = 0; i < 50; i++) {
                            ws.ask(message);
                        }
                        long[] nanos = new long[messages];
                        for (int i = 0; i < messages; i++) {
                            long start = System.nanoTime();
                            ws.ask(message);
                            nanos[i] = System.nanoTime() - start;
                        }
                        return nanos;
                    }
                }));
            }
            long wall = System.nanoTime();
            List<Long> all = new ArrayList<>();
            for (Future<long[]> run : runs) {
                for (long v : run.get()) {
                    all.add(v);
                }
            }
            wall = System.nanoTime() - wall;
            long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf(
                    "%s: %d clients x %d messages, p50 %.2f ms, p99 %.2f ms, about %.0f messages/s%n",
                    what,
                    clients,
                    messages,
                    sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6,
                    sorted.length / (wall / 1e9));
        } finally {
            pool.shutdownNow();
        }
    }
}
