package dev.tollgate.microbench;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.NamespaceSnapshot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling a namespace of {@code routes} routes and {@code keys} API keys (what local mode and the
 * operator do on every change), from a loaded snapshot; and loading plus compiling from YAML text,
 * as local mode does on a reload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class CompileBench {
    @Param({"1000:1000", "10000:10000"})
    String size;

    NamespaceSnapshot snapshot;
    int routes;
    int keys;

    @Setup
    public void load() {
        String[] parts = size.split(":");
        routes = Integer.parseInt(parts[0]);
        keys = Integer.parseInt(parts[1]);
        snapshot = ScaleFixture.snapshot(routes, keys);
    }

    @Benchmark
    public CompileResult compile() {
        return new Compiler().compile(snapshot);
    }

    @Benchmark
    public CompileResult loadAndCompile() {
        return ScaleFixture.compile(routes, keys);
    }
}
