package dev.tollgate.dataplane.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.ThrottleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis state under concurrent callers: batched increments and buckets stay exact. */
class RedisStateIT {
    private RedisServer redis;
    private RedisState state;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        state = new RedisState(
                "test",
                RedisEndpoint.resolve("test", new RedisConfig(redis.url(), true), KeyMaterial.NONE),
                new SimpleMeterRegistry(),
                null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                state.read("warm-up").get(2, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                assertThat(System.nanoTime()).as("connected to Redis").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() {
        state.close();
        redis.close();
    }

    @Test
    void concurrentIncrementsEachGetADistinctValueAndTheTotalIsExact() throws Exception {
        long expires = Instant.now().getEpochSecond() + 3600;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Long>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(CompletableFuture.supplyAsync(() -> state.increment("q1", expires), pool)
                    .thenCompose(f -> f));
        }
        Set<Long> values = new TreeSet<>();
        for (CompletableFuture<Long> r : results) {
            values.add(r.get(10, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(values).hasSize(400).first().isEqualTo(1L);
        assertThat(values).last().isEqualTo(400L);
        assertThat(state.read("q1").get(5, TimeUnit.SECONDS)).isEqualTo(400);
    }

    @Test
    void concurrentCallersTakeExactlyTheBurstFromOneBucket() throws Exception {
        ThrottleConfig limit = new ThrottleConfig(0.001, 50);
        String id = SharedState.bucketId("b1", limit);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            results.add(CompletableFuture.supplyAsync(() -> state.tryConsume(id, limit), pool)
                    .thenCompose(f -> f));
        }
        int taken = 0;
        for (CompletableFuture<Boolean> r : results) {
            taken += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(taken).isEqualTo(50);
    }

    @Test
    void aServerTurnedReplicaIsAnOutageNotARefusalAndIsConnectedAgain() throws Exception {
        ThrottleConfig limit = new ThrottleConfig(0.001, 50);
        String id = SharedState.bucketId("readonly", limit);
        assertThat(state.tryConsume(id, limit).get(5, TimeUnit.SECONDS)).isTrue();
        try (RedisServer master = RedisServer.start();
                LogCapture logs = LogCapture.start()) {
            // The connection stays up, but the server now answers READONLY to the bucket's script.
            redis.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            Throwable error = Await.value(
                    () -> {
                        try {
                            state.tryConsume(id, limit).get(5, TimeUnit.SECONDS);
                            return null;
                        } catch (ExecutionException e) {
                            return e.getCause();
                        }
                    },
                    e -> e != null);
            assertThat(error).isNotNull();
            assertThat(SharedStateRefusedException.isRefusal(error))
                    .as("an outage: the failure mode applies")
                    .isFalse();
            assertThat(state.problem()).isNull();
            Await.until("the state reconnects to find the master", () -> logs.texts().stream()
                    .anyMatch(t -> t.contains("answered READONLY; reconnecting")));
            // Promoted again, the server takes writes; the state reconnected and uses it.
            redis.call("REPLICAOF", "NO", "ONE");
            assertThat(Await.value(
                            () -> {
                                try {
                                    return state.tryConsume(id, limit).get(5, TimeUnit.SECONDS);
                                } catch (ExecutionException e) {
                                    return false;
                                }
                            },
                            taken -> taken))
                    .isTrue();
        }
    }

    @Test
    void cachedValuesRoundTripAndCanBeInvalidated() throws Exception {
        state.cachePut("stage", 1, "k", new byte[] {1, 2, 3}, 60);
        Await.value(() -> state.cacheGet("stage", 1, "k").get(2, TimeUnit.SECONDS), v -> v != null);
        assertThat(state.cacheGet("stage", 1, "k").get(2, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        state.cacheInvalidate("stage", 1, "k");
        assertThat(Await.value(() -> state.cacheGet("stage", 1, "k").get(2, TimeUnit.SECONDS), v -> v == null))
                .as("invalidated")
                .isNull();
    }
}
