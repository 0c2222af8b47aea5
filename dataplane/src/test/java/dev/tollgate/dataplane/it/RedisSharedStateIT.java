package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.ir.GatewayConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway replicas sharing one real {@code redis-server}: one throttle, one quota and one cache
 * for both; quotas outlive a replica; a killed Redis gets each Gateway's failure mode, and a
 * restarted one is used again without a restart of the gateways.
 */
class RedisSharedStateIT {
    @RegisterExtension
    final GatewayExtension a = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    @RegisterExtension
    final GatewayExtension b = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private GatewayConfig config(GatewayExtension gateway, String stage, String plan, String failureMode) {
        return CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                stage,
                plan,
                LimitsYaml.ALICE,
                "  redis:\n    url: " + redis.url() + "\n    failureMode: " + failureMode));
    }

    private void serveBoth(String stage, String plan, String failureModeA, String failureModeB) {
        a.serve(config(a, stage, plan, failureModeA));
        b.serve(config(b, stage, plan, failureModeB));
    }

    private static RawHttp.Response get(int port, String path, int n) throws IOException {
        return RawHttp.exchange(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE + "\r\nx-n: " + n
                        + "\r\nConnection: close\r\n\r\n");
    }

    /** Waits until the path answers {@code status} (the Redis connection comes and goes in the background). */
    private static void awaitStatus(int port, String path, int status) throws Exception {
        assertThat(Await.value(() -> get(port, path, 0).status(), s -> s == status))
                .as(path)
                .isEqualTo(status);
    }

    /** Waits until the path's body contains {@code text}. */
    private static void awaitBody(int port, String path, int n, String text) throws Exception {
        assertThat(Await.value(() -> get(port, path, n).body(), body -> body.contains(text)))
                .contains(text);
    }

    @Test
    void failClosedReplicaIsNotReadyBeforeItReachesRedisWhileFailOpenIs() throws Exception {
        int dead = FreePorts.refusing();
        String unreachable = "  redis:\n    url: redis://127.0.0.1:" + dead + "\n    failureMode: ";
        a.serve(CompiledYaml.compile(
                LimitsYaml.api(a.echoPort(), "", "", LimitsYaml.ALICE, unreachable + "FAIL_CLOSED")));
        assertThat(RawHttp.get(a.adminPort(), "localhost", "/readyz").status()).isEqualTo(503);
        // Its unlimited routes would serve, but a fail-closed replica must not take traffic yet.
        a.serve(CompiledYaml.compile(
                LimitsYaml.api(a.echoPort(), "", "", LimitsYaml.ALICE, unreachable + "FAIL_OPEN")));
        assertThat(RawHttp.get(a.adminPort(), "localhost", "/readyz").status()).isEqualTo(200);
        // Once reached, a fail-closed Redis keeps the replica ready.
        serveBoth("", "", "FAIL_CLOSED", "FAIL_CLOSED");
        a.awaitReady();
    }

    @Test
    void twoReplicasTakeTokensFromOneBucket() throws Exception {
        serveBoth("  throttling: {rateLimit: 0.001, burstLimit: 6}", "", "FAIL_CLOSED", "FAIL_CLOSED");
        // Connected once /open answers 200 rather than 503 (fail closed); that takes one token each.
        awaitStatus(a.port(), "/prod/open", 200);
        awaitStatus(b.port(), "/prod/open", 200);
        int allowed = 2;
        for (int i = 0; i < 10; i++) {
            int status = get((i % 2 == 0 ? a : b).port(), "/prod/open", i).status();
            assertThat(status).isIn(200, 429);
            allowed += status == 200 ? 1 : 0;
        }
        assertThat(allowed).as("one bucket of 6 for both replicas").isEqualTo(6);
    }

    @Test
    void twoReplicasCountOneQuotaThatOutlivesAReplica() throws Exception {
        serveBoth("", "  quota: {limit: 5, period: WEEK}", "FAIL_CLOSED", "FAIL_CLOSED");
        awaitStatus(a.port(), "/prod/items", 200);
        awaitStatus(b.port(), "/prod/items", 200);
        assertThat(get(a.port(), "/prod/items", 1).status()).isEqualTo(200);
        assertThat(get(b.port(), "/prod/items", 2).status()).isEqualTo(200);
        // A new replica (a restarted data plane) sees the same count.
        GatewayServer restarted = GatewayServer.start(
                GatewayOptions.defaults()
                        .withPorts(0, 0)
                        .withEventLoops(1)
                        .withDrain(Duration.ofSeconds(1))
                        .withDefaultApi(ApiRef.parse("shop")),
                new GatewayMetrics());
        try {
            restarted.apply(List.of(config(a, "", "  quota: {limit: 5, period: WEEK}", "FAIL_CLOSED")));
            // Ready only once it has reached its fail-closed Redis (/prod/open has no limits).
            GatewayExtension.awaitReady(restarted.adminPort());
            assertThat(get(restarted.port(), "/prod/items", 3).status()).isEqualTo(200);
            RawHttp.Response exceeded = get(restarted.port(), "/prod/items", 4);
            assertThat(exceeded.status()).isEqualTo(429);
            assertThat(exceeded.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
            RawHttp.Response usage = RawHttp.get(restarted.adminPort(), "localhost", "/usage?plan=gold");
            assertThat(usage.body()).contains("\"used\" : 5");
        } finally {
            restarted.close();
        }
        assertThat(get(a.port(), "/prod/items", 5).status()).isEqualTo(429);
    }

    @Test
    void aKeysPlanThrottleQuotaAndStageThrottleAreOneScriptCallPerRequest() throws Exception {
        serveBoth(
                "  throttling: {rateLimit: 0.001, burstLimit: 3}",
                "  throttle: {rateLimit: 0.001, burstLimit: 5}\n  quota: {limit: 4, period: WEEK}",
                "FAIL_CLOSED",
                "FAIL_CLOSED");
        // /open has its own stage bucket: it only shows that a's connection is up.
        awaitStatus(a.port(), "/prod/open", 200);
        redis.call("CONFIG", "RESETSTAT");
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r = get(a.port(), "/prod/items", i);
            answers.add(r.status() + " " + r.body());
        }
        assertThat(redis.scriptRuns()).as("one script call per request").isEqualTo(6);
        // The stage bucket (3) empties first, then the quota (4, counted for the stage-throttled
        // request too), then the plan's bucket (5): the order of checking them one by one.
        String tooMany = "429 {\"message\":\"Too Many Requests\"}";
        assertThat(answers.subList(0, 3)).allMatch(x -> x.startsWith("200 "));
        assertThat(answers.subList(3, 6)).containsExactly(tooMany, "429 {\"message\":\"Limit Exceeded\"}", tooMany);
        String scrape = a.gateway().metrics().scrape();
        assertThat(scrape)
                .contains("reason=\"stage\"")
                .contains("reason=\"quota\"")
                .contains("reason=\"plan\"");
        List<?> quota = (List<?>) redis.call("KEYS", "{tollgate:q:default/gold/alice@*");
        assertThat(quota).hasSize(1);
        assertThat(redis.call("GET", (String) quota.get(0)))
                .as("counted for every request the plan's throttle let through")
                .isEqualTo("5");
    }

    @Test
    void aKilledRedisGetsTheFailureModeOnAMethodWhoseLimitsAreOneCall() throws Exception {
        serveBoth(
                "  throttling: {rateLimit: 0.001, burstLimit: 1000}",
                "  throttle: {rateLimit: 0.001, burstLimit: 1000}\n  quota: {limit: 1000, period: WEEK}",
                "FAIL_CLOSED",
                "FAIL_OPEN");
        awaitStatus(a.port(), "/prod/items", 200);
        awaitStatus(b.port(), "/prod/items", 200);
        redis.kill();
        awaitStatus(a.port(), "/prod/items", 503);
        assertThat(get(a.port(), "/prod/items", 1).body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(get(b.port(), "/prod/items", 2).status()).as("fail open").isEqualTo(200);
        redis.startAgain();
        awaitStatus(a.port(), "/prod/items", 200);
        // The restarted server held no scripts: the call by digest was answered NOSCRIPT, then sent whole.
        assertThat(redis.commandStat("evalsha", "failed_calls")).isPositive();
        assertThat(redis.commandStat("eval", "calls")).isPositive();
    }

    @Test
    void oneReplicaAnswersFromTheCacheTheOtherFilled() throws Exception {
        serveBoth("  cache: {enabled: true}", "", "FAIL_OPEN", "FAIL_OPEN");
        awaitStatus(a.port(), "/prod/items", 200);
        // Wait until a's connection is up: a stored entry is served back.
        Await.until("a serves what it stored", () -> {
            try {
                return get(a.port(), "/prod/items?type=w", 7).body().contains("\"x-n\":[\"7\"]")
                        && get(a.port(), "/prod/items?type=w", 8).body().contains("\"x-n\":[\"7\"]");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(get(a.port(), "/prod/items?type=z", 1).body()).contains("\"x-n\":[\"1\"]");
        awaitBody(b.port(), "/prod/items?type=z", 2, "\"x-n\":[\"1\"]");
    }

    @Test
    void aKilledRedisGetsEachGatewaysFailureModeAndARestartedOneIsUsedAgain() throws Exception {
        serveBoth("  throttling: {rateLimit: 0.001, burstLimit: 1000}", "", "FAIL_CLOSED", "FAIL_OPEN");
        awaitStatus(a.port(), "/prod/open", 200);
        awaitStatus(b.port(), "/prod/open", 200);
        redis.kill();
        awaitStatus(a.port(), "/prod/open", 503);
        RawHttp.Response closed = get(a.port(), "/prod/open", 1);
        assertThat(closed.status()).isEqualTo(503);
        assertThat(closed.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(get(b.port(), "/prod/open", 2).status()).as("fail open").isEqualTo(200);
        redis.startAgain();
        awaitStatus(a.port(), "/prod/open", 200);
        // The restarted Redis is empty: a fresh bucket, enforced again by both.
        assertThat(get(b.port(), "/prod/open", 3).status()).isEqualTo(200);
        assertThat(a.gateway().metrics().scrape()).contains("reason=\"unavailable\"");
    }

    @Test
    void redisUnreachableFromTheStartFailsClosedAndRecoversWhenItAppears() throws Exception {
        redis.kill();
        serveBoth("", "  quota: {limit: 100, period: DAY}", "FAIL_CLOSED", "FAIL_OPEN");
        assertThat(get(a.port(), "/prod/items", 1).status()).isEqualTo(503);
        assertThat(get(b.port(), "/prod/items", 2).status()).isEqualTo(200);
        redis.startAgain();
        awaitStatus(a.port(), "/prod/items", 200);
    }
}
