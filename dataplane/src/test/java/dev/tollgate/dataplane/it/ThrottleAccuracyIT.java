package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import java.util.ArrayList;
import java.util.Collections;
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
 * burst of {@value #BURST} for about {@value #SECONDS} s. The bucket starts full and refills
 * continuously, so between the first and the last request it let through it can have let through
 * burst + rate × the time between those two decisions, and no fewer while the clients outrun it.
 * Each decision happened between its request's send and its answer, so the window is taken from
 * the allowed requests' own timestamps, never from a clock started before the clients connected:
 * counts, not speed; a slow machine widens the bounds, it cannot fail them.
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
            // Fail-closed answers 503 until the background connection is up; readiness says when,
            // without taking a token from the bucket, which stays full for the measurement.
            gateway.awaitReady();
            measure("redis");
        }
    }

    /** When an allowed request was sent and when its answer arrived ({@link System#nanoTime()}). */
    private record Allowed(long sent, long answered) {}

    private void measure(String state) throws Exception {
        List<Allowed> allowed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(pool.submit(() -> {
                try (RawHttp http = new RawHttp(gateway.port())) {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        int status = http.send("GET /prod/open HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                .status();
                        long answered = System.nanoTime();
                        if (status == 200) {
                            allowed.add(new Allowed(sent, answered));
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
        assertThat(refused.get()).as("the clients must outrun the bucket").isGreaterThan(0);
        assertThat(allowed).hasSizeGreaterThan(BURST);
        // The first decision lies between the earliest send and the earliest answer of the allowed
        // requests, the last between the latest send and the latest answer.
        long firstSent = allowed.stream().mapToLong(Allowed::sent).min().orElseThrow();
        long firstAnswered = allowed.stream().mapToLong(Allowed::answered).min().orElseThrow();
        long lastSent = allowed.stream().mapToLong(Allowed::sent).max().orElseThrow();
        long lastAnswered = allowed.stream().mapToLong(Allowed::answered).max().orElseThrow();
        double shortest = Math.max(0, lastSent - firstAnswered) / 1e9;
        double longest = (lastAnswered - firstSent) / 1e9;
        double low = BURST + RATE * shortest;
        double high = BURST + RATE * longest;
        System.out.printf(
                "throttle accuracy (%s): allowed %d, refused %d; window %.3f..%.3f s; burst + rate x window ="
                        + " %.1f..%.1f%n",
                state, allowed.size(), refused.get(), shortest, longest, low, high);
        // A token a client has not asked for yet when the window ends, and rounding: a small slack.
        assertThat((double) allowed.size()).isBetween(low * 0.97 - 2, high * 1.03 + 2);
    }
}
