package dev.tollgate.dataplane.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.ThrottleConfig;
import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
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
    void aScriptFlushedFromTheServerIsSentAgainAndItsCallCountsOnce() throws Exception {
        long expires = Instant.now().getEpochSecond() + 3600;
        assertThat(state.increment("flushed", expires).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        redis.call("SCRIPT", "FLUSH");
        redis.call("CONFIG", "RESETSTAT");
        assertThat(state.increment("flushed", expires).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(redis.commandStat("evalsha", "failed_calls"))
                .as("the digest was unknown (NOSCRIPT)")
                .isEqualTo(1);
        assertThat(redis.scriptRuns()).as("the script ran once").isEqualTo(1);
        assertThat(state.read("flushed").get(5, TimeUnit.SECONDS)).isEqualTo(2);
        // Stored again by the EVAL: the next call goes by digest alone.
        assertThat(state.increment("flushed", expires).get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(redis.commandStat("evalsha", "failed_calls")).isEqualTo(1);
        assertThat(redis.commandStat("eval", "calls")).isEqualTo(1);
    }

    @Test
    void aServerThatStopsAnsweringFailsTheCallAsAnOutage() throws Exception {
        long expires = Instant.now().getEpochSecond() + 3600;
        assertThat(state.increment("paused", expires).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        // Writes (every script) wait while the server is paused; the call must not wait with them.
        redis.call("CLIENT", "PAUSE", "5000", "WRITE");
        try {
            ExecutionException failed =
                    catchThrowableOfType(ExecutionException.class, () -> state.increment("paused", expires)
                            .get(10, TimeUnit.SECONDS));
            assertThat(failed).as("the call failed before the pause ended").isNotNull();
            assertThat(failed.getCause()).isInstanceOf(RedisCommandTimeoutException.class);
            assertThat(SharedStateRefusedException.isRefusal(failed.getCause())).isFalse();
        } finally {
            redis.call("CLIENT", "UNPAUSE");
        }
    }

    /** Plan bucket of 5, quota of 4, stage bucket of 3: each check refuses in turn, in one call per request. */
    private static LimitChecks checks(String id) {
        return new LimitChecks(
                SharedState.bucketId(id + "-plan", new ThrottleConfig(0.001, 5)),
                new ThrottleConfig(0.001, 5),
                id + "-quota",
                Instant.now().getEpochSecond() + 3600,
                4,
                SharedState.bucketId(id + "-stage", new ThrottleConfig(0.001, 3)),
                new ThrottleConfig(0.001, 3));
    }

    @Test
    void checksInOneCallConsumeWhatChecksOneByOneWould() throws Exception {
        LimitChecks limits = checks("one");
        assertThat(state.checksAtOnce()).isTrue();
        redis.call("CONFIG", "RESETSTAT");
        List<Integer> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            outcomes.add(state.check(limits).get(5, TimeUnit.SECONDS));
        }
        assertThat(redis.scriptRuns()).as("one script per request").isEqualTo(6);
        // Three pass; the fourth finds the stage bucket empty (plan token and quota used), the fifth
        // the quota used up (plan token used, the count still made), the sixth the plan bucket empty.
        assertThat(outcomes)
                .containsExactly(
                        LimitChecks.PASS,
                        LimitChecks.PASS,
                        LimitChecks.PASS,
                        LimitChecks.STAGE_THROTTLED,
                        LimitChecks.QUOTA_EXCEEDED,
                        LimitChecks.PLAN_THROTTLED);
        assertThat(state.read(limits.quotaId()).get(5, TimeUnit.SECONDS))
                .as("counted for every request the plan's throttle let through")
                .isEqualTo(5);
        assertThat(state.tryConsume(limits.planBucket(), limits.planThrottle()).get(5, TimeUnit.SECONDS))
                .isFalse();
        assertThat(state.tryConsume(limits.stageBucket(), limits.stageThrottle())
                        .get(5, TimeUnit.SECONDS))
                .isFalse();
    }

    @Test
    void concurrentChecksOfOneKeyLetExactlyThePlansBurstThrough() throws Exception {
        ThrottleConfig plan = new ThrottleConfig(0.001, 50);
        LimitChecks limits = new LimitChecks(
                SharedState.bucketId("burst", plan),
                plan,
                "burst-quota",
                Instant.now().getEpochSecond() + 3600,
                1000,
                null,
                null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            results.add(CompletableFuture.supplyAsync(() -> state.check(limits), pool)
                    .thenCompose(f -> f));
        }
        int passed = 0;
        for (CompletableFuture<Integer> r : results) {
            int outcome = r.get(10, TimeUnit.SECONDS);
            assertThat(outcome).isIn(LimitChecks.PASS, LimitChecks.PLAN_THROTTLED);
            passed += outcome == LimitChecks.PASS ? 1 : 0;
        }
        pool.shutdown();
        assertThat(passed).isEqualTo(50);
        assertThat(state.read("burst-quota").get(5, TimeUnit.SECONDS)).isEqualTo(50);
    }

    @Test
    void onTheGatewaysEventLoopsAnswersCompleteOnTheLoopThatAsked() throws Exception {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "test-traffic");
        RedisLoops loops = RedisLoops.of(group, transport.socketChannel());
        assertThat(loops)
                .as("Lettuce opens channels of the gateway's transport")
                .isNotNull();
        RedisState onLoops = new RedisState(
                "loops",
                RedisEndpoint.resolve("loops", new RedisConfig(redis.url(), true), KeyMaterial.NONE),
                new SimpleMeterRegistry(),
                loops);
        try {
            EventLoop loop = group.next();
            long expires = Instant.now().getEpochSecond() + 3600;
            Await.until("connected", () -> onLoops.up());
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            loop.execute(() -> onLoops.increment("loops", expires)
                    .whenComplete((count, error) -> onLoop.complete(error == null && loop.inEventLoop())));
            assertThat(onLoop.get(5, TimeUnit.SECONDS))
                    .as("counted, and answered on the loop")
                    .isTrue();
            CompletableFuture<Boolean> checked = new CompletableFuture<>();
            loop.execute(() -> onLoops.check(checks("loops"))
                    .whenComplete((outcome, error) -> checked.complete(error == null && loop.inEventLoop())));
            assertThat(checked.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            onLoops.close();
        }
        try {
            assertThat(group.isShuttingDown())
                    .as("closing the state leaves the loops to their owner")
                    .isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
