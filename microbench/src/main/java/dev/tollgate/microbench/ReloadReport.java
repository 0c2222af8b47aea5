package dev.tollgate.microbench;

import dev.tollgate.dataplane.Main;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.runtime.ApiRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How soon a route change is served in local mode at scale: a folder of {@code routes} proxied
 * routes ({@link ScaleFixture}, no keys) is served in front of the echo backend, then, round after
 * round, the last route is renamed in the file twice: once timed through the folder watcher as a
 * user sees it (its 200 ms debounce included), from the file's write to the renamed route's first
 * 200; once timed in its parts, compiled from a copy of the folder nothing watches (so no reload
 * runs beside it): the folder's compile, the gateway's {@code apply} (the new runtime
 * built and swapped in), each with the CPU time it took (the figure to read on a busy machine), and
 * the first request to the renamed route sent once {@code apply} returned.
 *
 * <p>{@code bench/jmh --reload [ROUTES] [ROUNDS]}; prints one line per round and the medians.
 */
public final class ReloadReport {
    /** Three times local mode's 200 ms debounce: the watcher's reload has ended by then. */
    private static final long QUIET_MILLIS = 600;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReloadReport() {}

    /** One round's figures, in microseconds. */
    record Round(
            long compileMicros,
            long compileCpuMicros,
            long applyMicros,
            long applyCpuMicros,
            long firstRequestMicros,
            long watchedMicros) {}

    public static void main(String[] args) throws Exception {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Round> figures = measure(routes, rounds);
        System.out.println("round | compile (ms) | its CPU (ms) | apply: build + swap (ms) | its CPU (ms)"
                + " | first request after the swap (ms) | file write to first 200, watched (ms)");
        for (int i = 0; i < figures.size(); i++) {
            Round r = figures.get(i);
            System.out.printf(
                    "%d | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f%n",
                    i + 1,
                    r.compileMicros / 1000.0,
                    r.compileCpuMicros / 1000.0,
                    r.applyMicros / 1000.0,
                    r.applyCpuMicros / 1000.0,
                    r.firstRequestMicros / 1000.0,
                    r.watchedMicros / 1000.0);
        }
        System.out.printf(
                "median (%d routes) | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f%n",
                routes,
                median(figures, Round::compileMicros) / 1000.0,
                median(figures, Round::compileCpuMicros) / 1000.0,
                median(figures, Round::applyMicros) / 1000.0,
                median(figures, Round::applyCpuMicros) / 1000.0,
                median(figures, Round::firstRequestMicros) / 1000.0,
                median(figures, Round::watchedMicros) / 1000.0);
        System.exit(0);
    }

    /** Serves the folder and measures {@code rounds} changes (the first start is not counted). */
    static List<Round> measure(int routes, int rounds) throws Exception {
        Path folder = Files.createTempDirectory("tollgate-reload-report");
        Path file = folder.resolve("scale.yaml");
        Path parts = Files.createTempDirectory("tollgate-reload-report-parts");
        Path partsFile = parts.resolve("scale.yaml");
        String yaml = ScaleFixture.yaml(routes, 0);
        Files.writeString(file, yaml);
        String last = ScaleFixture.path(routes - 1);
        int port = freePort();
        try (EchoServer echo = EchoServer.start("127.0.0.1", 0);
                LocalMode mode = Main.startLocal(Main.parseLocal(new String[] {
                    "local",
                    folder.toString(),
                    "--port",
                    Integer.toString(port),
                    "--admin-port",
                    Integer.toString(freePort()),
                    "--service",
                    "backend=127.0.0.1:" + echo.port(),
                    "--event-loops",
                    "1",
                    "--default-api",
                    "scale"
                }))) {
            expect(port, "/prod" + last, 200);
            // The by-parts change is compiled from a folder nothing watches, so no reload of the
            // served folder runs beside it.
            FolderCompiler compiler = new FolderCompiler(parts, List.of(ApiRef.parse("backend")));
            List<Round> figures = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Through the watcher, as a user's editor save is served.
                String watchedPath = "/watched" + round;
                Files.writeString(file, rename(yaml, last, watchedPath));
                long written = System.nanoTime();
                awaitStatus(port, "/prod" + watchedPath, 200);
                long watched = (System.nanoTime() - written) / 1000;
                Thread.sleep(QUIET_MILLIS);
                // By parts, before the watcher's debounce ends: compile, apply, the first request.
                String partsPath = "/parts" + round;
                Files.writeString(partsFile, rename(yaml, last, partsPath));
                long start = System.nanoTime();
                long startCpu = THREADS.getCurrentThreadCpuTime();
                FolderCompiler.Outcome outcome = compiler.compile();
                long compiled = System.nanoTime();
                long compiledCpu = THREADS.getCurrentThreadCpuTime();
                mode.server().apply(outcome.configs(), outcome.keyMaterial());
                long swapped = System.nanoTime();
                long swappedCpu = THREADS.getCurrentThreadCpuTime();
                expect(port, "/prod" + partsPath, 200);
                long served = System.nanoTime();
                figures.add(new Round(
                        (compiled - start) / 1000,
                        (compiledCpu - startCpu) / 1000,
                        (swapped - compiled) / 1000,
                        (swappedCpu - compiledCpu) / 1000,
                        (served - swapped) / 1000,
                        watched));
            }
            return figures;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
            Files.deleteIfExists(partsFile);
            Files.deleteIfExists(parts);
        }
    }

    private static String rename(String yaml, String path, String renamed) {
        return yaml.replace("- path: " + path + "\n", "- path: " + renamed + "\n");
    }

    private static long median(List<Round> figures, ToLongFunction<Round> f) {
        long[] values = figures.stream().mapToLong(f).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }

    private static void awaitStatus(int port, String path, int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (status(port, path) != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " did not answer " + status + " within 60 s");
            }
            Thread.sleep(1);
        }
    }

    private static void expect(int port, String path, int status) throws IOException {
        int got = status(port, path);
        if (got != status) {
            throw new IllegalStateException(path + " answered " + got + ", expected " + status);
        }
    }

    /** One GET on a new connection; the status code of the answer. */
    private static int status(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.US_ASCII);
            if (!line.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + line);
            }
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
