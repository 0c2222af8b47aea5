package dev.tollgate.microbench;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.tls.KeyMaterial;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, for namespaces of growing size ({@link ScaleFixture}), the heap the compiled config (IR)
 * holds, the heap the served runtime adds on top of it (router, per-method steps, route meters), and
 * how long local mode takes to read and compile the folder: the first compile in this JVM and a
 * later one. Heap figures are used heap after a full collection, with the config held and without;
 * run it with {@code -XX:+UseSerialGC} so nothing else moves between the readings.
 */
public final class HeapReport {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapReport() {}

    /** One line of the report. */
    public record Figures(
            int routes, int keys, long irBytes, long runtimeBytes, long firstCompileMillis, long laterCompileMillis) {
        /** IR and runtime together, per 10,000 routes, in MiB. */
        double mibPer10kRoutes() {
            return routes == 0 ? 0 : (irBytes + runtimeBytes) / (1024.0 * 1024.0) * 10_000 / routes;
        }
    }

    /** Measures one size. */
    public static Figures measure(int routes, int keys) throws IOException {
        NamespaceSnapshot snapshot = ScaleFixture.snapshot(routes, keys);
        long beforeCompile = usedAfterGc();
        CompileResult held = new Compiler().compile(snapshot);
        long irBytes = usedAfterGc() - beforeCompile;

        Path folder = Files.createTempDirectory("tollgate-heap-report");
        Path file = folder.resolve("scale.yaml");
        Files.writeString(file, ScaleFixture.yaml(routes, keys));
        try {
            FolderCompiler compiler = new FolderCompiler(folder, List.of());
            long start = System.nanoTime();
            FolderCompiler.Outcome outcome = compiler.compile();
            long first = (System.nanoTime() - start) / 1_000_000;
            compiler.compile();
            start = System.nanoTime();
            compiler.compile();
            long later = (System.nanoTime() - start) / 1_000_000;
            if (outcome.hasErrors()) {
                throw new IllegalStateException("the scale fixture has errors: " + outcome.findings());
            }
            GatewayServer server = GatewayServer.start(
                    GatewayOptions.defaults()
                            .withBind("127.0.0.1")
                            .withPorts(0, 0)
                            .withEventLoops(1)
                            .withAccessLog(OutputStream.nullOutputStream()),
                    new GatewayMetrics());
            try {
                long beforeServe = usedAfterGc();
                server.apply(List.of(held.config()), KeyMaterial.NONE);
                long runtimeBytes = usedAfterGc() - beforeServe;
                return new Figures(routes, keys, irBytes, runtimeBytes, first, later);
            } finally {
                server.close();
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static void main(String[] args) throws IOException {
        int[][] sizes = {{1_000, 0}, {10_000, 0}, {10_000, 10_000}, {20_000, 0}};
        System.out.println("routes |   keys | IR heap (KiB) | runtime heap (KiB) | MiB per 10k routes"
                + " | first compile (ms) | later compile (ms)");
        for (int[] s : sizes) {
            Figures f = measure(s[0], s[1]);
            System.out.printf(
                    "%6d | %6d | %13d | %18d | %18.2f | %18d | %18d%n",
                    f.routes(),
                    f.keys(),
                    f.irBytes() / 1024,
                    f.runtimeBytes() / 1024,
                    f.mibPer10kRoutes(),
                    f.firstCompileMillis(),
                    f.laterCompileMillis());
        }
    }
}
