package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throttle accuracy: four keep-alive clients hammer a method throttled at {@value #RATE}/s with a
 * burst of {@value #BURST} for about {@value #SECONDS} s; the requests let through must be within a
 * tight tolerance of burst + rate × the seconds between the first and the last request. Counts,
 * not speed: the machine's load changes how many requests are sent, not how many may pass.
 */
class ThrottleAccuracyIT {
    static final int RATE = 50;
    static final int BURST = 20;
    static final int SECONDS = 3;

    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    @Test
    void localBucketLetsThroughBurstPlusRateTimesSeconds() throws Exception {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                "  throttling: {rateLimit: " + RATE + ", burstLimit: " + BURST + "}",
                "",
                LimitsYaml.ALICE,
                "")));
        measure("local");
    }

    @Test
    void redisBucketLetsThroughBurstPlusRateTimesSeconds() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                    gateway.echoPort(),
                    "  throttling: {rateLimit: " + RATE + ", burstLimit: " + BURST + "}",
                    "",
                    LimitsYaml.ALICE,
                    "  redis:\n    url: " + redis.url() + "\n    failureMode: FAIL_CLOSED")));
            // Wait for the background connection: fail-closed answers 503 until it is up. The probes
            // take tokens, so the measurement starts once the bucket has refilled.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (RawHttp.get(gateway.port(), "localhost", "/prod/open").status() == 503) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(1000L * BURST / RATE + 200);
            measure("redis");
        }
    }

    private void measure(String state) throws Exception {
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
        long[] lastSent = new long[4];
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int id = c;
            clients.add(pool.submit(() -> {
                try (RawHttp http = new RawHttp(gateway.port())) {
                    while (System.nanoTime() < end) {
                        lastSent[id] = System.nanoTime();
                        int status = http.send("GET /prod/open HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                .status();
                        if (status == 200) {
                            allowed.incrementAndGet();
                        } else if (status == 429) {
                            refused.incrementAndGet();
                        } else {
                            throw new AssertionError("unexpected status " + status);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long last = 0;
        for (long t : lastSent) {
            last = Math.max(last, t);
        }
        double seconds = (last - start) / 1e9;
        double expected = BURST + RATE * seconds;
        double error = (allowed.get() - expected) / expected;
        System.out.printf(
                "throttle accuracy (%s): allowed %d, refused %d in %.3f s; burst + rate x s = %.1f; error %+.2f%%%n",
                state, allowed.get(), refused.get(), seconds, expected, error * 100);
        assertThat(refused.get()).as("the clients must outrun the bucket").isGreaterThan(0);
        // The first request may see the bucket a few ms before our clock started, the last a few after.
        assertThat((double) allowed.get()).isBetween(expected * 0.97 - 2, expected * 1.03 + 2);
    }
}
