package dev.tollgate.microbench;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.runtime.Router;
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
 * Routing cost against the number of routes: the first and the last route of a stage with {@code
 * routes} resources, plus a parameterised route, so "the last route costs as the first" can be read
 * off one run. Includes decoding the path, as every request does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterBench {
    @Param({"10", "1000", "10000"})
    int routes;

    Router<Integer> router;
    String firstPath;
    String lastPath;

    @Setup
    public void build() {
        router = new Router<>();
        for (int i = 0; i < routes; i++) {
            router.add("GET", ScaleFixture.path(i), i);
        }
        router.add("GET", "/pets/{petId}/toys/{toyId}", -1);
        firstPath = ScaleFixture.path(0);
        lastPath = ScaleFixture.path(routes - 1);
    }

    @Benchmark
    public Object firstRoute() throws MalformedRequestException {
        return router.match("GET", CanonicalPath.parse(firstPath));
    }

    @Benchmark
    public Object lastRoute() throws MalformedRequestException {
        return router.match("GET", CanonicalPath.parse(lastPath));
    }

    @Benchmark
    public Object parameterisedRoute() throws MalformedRequestException {
        return router.match("GET", CanonicalPath.parse("/pets/42/toys/7"));
    }
}
