package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Sentinel failover under load: one master, one replica and three sentinels (real {@code
 * redis-server} processes); two gateways find the master through the sentinels, one FAIL_CLOSED and
 * one FAIL_OPEN, each with its own bucket (rate {@value #RATE}/s, burst {@value #BURST}), while
 * clients keep sending requests. The master is killed; the sentinels promote the replica and the
 * gateways follow. The promise is checked on each answer, by the order of events, never by time:
 * FAIL_CLOSED answers 503 only between the kill and its first answer from the new master, FAIL_OPEN
 * never refuses because of the outage. The throttle's accuracy before, during and after is printed.
 */
class RedisSentinelFailoverIT {
    static final int RATE = 20;
    static final int BURST = 20;
    static final String MASTER = "tollgate-limits";

    @RegisterExtension
    final GatewayExtension closed = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    @RegisterExtension
    final GatewayExtension open = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    private RedisServer master;
    private RedisServer replica;
    private final List<RedisServer> sentinels = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        master = RedisServer.start();
        replica = RedisServer.startReplicaOf(master);
        for (int i = 0; i < 3; i++) {
            sentinels.add(RedisServer.startSentinel(MASTER, master, 2, 1000));
        }
        // A failover needs the sentinels to know the replica and one another (hello messages, ~2 s).
        Await.until("each sentinel knows the replica and the two other sentinels", () -> {
            for (RedisServer s : sentinels) {
                try {
                    if (((List<?>) s.call("SENTINEL", "REPLICAS", MASTER)).isEmpty()
                            || ((List<?>) s.call("SENTINEL", "SENTINELS", MASTER)).size() != 2) {
                        return false;
                    }
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterEach
    void stopRedis() {
        sentinels.forEach(RedisServer::close);
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    /** One answer: when its request was sent, when the answer came ({@link System#nanoTime()}), which status. */
    private record Answer(long sent, long answered, int status) {}

    private void serve(GatewayExtension gateway, double rate, String failureMode) {
        StringBuilder nodes = new StringBuilder();
        for (RedisServer s : sentinels) {
            nodes.append(nodes.length() == 0 ? "" : ", ")
                    .append("redis://127.0.0.1:")
                    .append(s.port());
        }
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                "  throttling: {rateLimit: " + rate + ", burstLimit: " + BURST + "}",
                "",
                LimitsYaml.ALICE,
                "  redis:\n    sentinel:\n      masterName: " + MASTER + "\n      nodes: [" + nodes + "]\n"
                        + "    failureMode: " + failureMode)));
    }

    /** The master's port as the first sentinel says. */
    private int masterPort() throws IOException {
        List<?> address = (List<?>) sentinels.get(0).call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        return Integer.parseInt(String.valueOf(address.get(1)));
    }

    @Test
    void failoverIsFollowedAndEachFailureModeKeepsItsPromise() throws Exception {
        // Different rates give the two gateways different buckets in the one Redis.
        serve(closed, RATE, "FAIL_CLOSED");
        serve(open, RATE + 0.5, "FAIL_OPEN");
        closed.awaitReady();
        open.awaitReady();

        List<Answer> closedAnswers = Collections.synchronizedList(new ArrayList<>());
        List<Answer> openAnswers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            load.add(clients.submit(() -> send(closed.port(), closedAnswers, running)));
            load.add(clients.submit(() -> send(open.port(), openAnswers, running)));
        }
        long start = System.nanoTime();
        Thread.sleep(2000);
        int oldMaster = master.port();
        long killed = System.nanoTime();
        master.kill();
        // A request sent between the two may still have been answered by the master as it died: the
        // outage and the recovery are read from requests sent once it is dead.
        long dead = System.nanoTime();
        Await.until("the sentinels promote the replica", () -> {
            try {
                return masterPort() == replica.port();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
        long promoted = System.nanoTime();
        Await.until(
                "the fail-closed gateway answers from the new master", () -> answeredAfter(closedAnswers, promoted));
        long recovered = firstServedAfter(closedAnswers, dead);
        Thread.sleep(3000);
        running.set(false);
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        long end = System.nanoTime();

        assertThat(oldMaster).isNotEqualTo(masterPort());
        long outage = 0;
        for (Answer a : closedAnswers) {
            if (a.answered() < killed) {
                assertThat(a.status()).as("FAIL_CLOSED before the kill").isIn(200, 429);
            } else if (a.sent() > dead && a.answered() < promoted) {
                outage++;
                assertThat(a.status())
                        .as("FAIL_CLOSED while no master is reachable")
                        .isEqualTo(503);
            } else if (a.sent() > recovered) {
                assertThat(a.status())
                        .as("FAIL_CLOSED once the new master answered")
                        .isIn(200, 429);
            }
        }
        assertThat(outage).as("requests answered while no master was reachable").isPositive();
        assertThat(openAnswers)
                .extracting(Answer::status)
                .as("FAIL_OPEN never refuses because of the outage")
                .containsOnly(200, 429);
        for (Answer a : openAnswers) {
            if (a.sent() > dead && a.answered() < promoted) {
                assertThat(a.status())
                        .as("FAIL_OPEN while no master is reachable")
                        .isEqualTo(200);
            }
        }
        long openRecovered = firstServedAfterOutage(openAnswers, dead);

        System.out.printf(
                Locale.ROOT,
                "[failover] master killed %.2f s into the load; sentinels promoted the replica after %.2f s;"
                        + " FAIL_CLOSED answered from the new master after %.2f s%n",
                seconds(killed - start),
                seconds(promoted - killed),
                seconds(recovered - killed));
        report("FAIL_CLOSED", closedAnswers, start, killed, recovered, end);
        report("FAIL_OPEN", openAnswers, start, killed, openRecovered, end);

        // After the failover the bucket is the replica's copy (asynchronous replication may lag a
        // batch) or, at worst, a fresh full bucket: never more than one extra burst.
        for (List<Answer> answers : List.of(closedAnswers, openAnswers)) {
            List<Answer> after = between(answers, Math.max(recovered, openRecovered), end);
            long allowed = after.stream().filter(a -> a.status() == 200).count();
            assertThat(allowed).as("allowed after the failover").isLessThanOrEqualTo(2L * BURST + allowedWindow(after));
        }
    }

    @Test
    void aGracefulFailoverIsFollowedToThePromotedReplica() throws Exception {
        serve(closed, RATE, "FAIL_CLOSED");
        closed.awaitReady();
        assertThat(status(closed)).isEqualTo(200);
        // A graceful failover: the old master stays up and becomes a replica of the promoted one; the
        // gateway's connection is made again through the sentinels, to the new master.
        sentinels.get(0).call("SENTINEL", "FAILOVER", MASTER);
        Await.until("the sentinels promote the replica", () -> {
            try {
                return masterPort() == replica.port();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
        Await.until("the old master is a replica", () -> {
            try {
                return String.valueOf(master.call("ROLE")).contains("slave");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
        assertThat(Await.value(() -> status(closed), s -> s == 200))
                .as("served by the new master")
                .isEqualTo(200);
        assertThat(String.valueOf(replica.call("KEYS", "{tollgate:b:*"))).contains("{tollgate:b:");
    }

    private static int status(GatewayExtension gateway) throws IOException {
        return RawHttp.exchange(
                        gateway.port(), "GET /prod/open HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .status();
    }

    /** Whether a request sent after {@code moment} got a limit decision (200 or 429) from Redis. */
    private static boolean answeredAfter(List<Answer> answers, long moment) {
        synchronized (answers) {
            return answers.stream().anyMatch(a -> a.sent() > moment && a.status() != 503);
        }
    }

    /** When the first answer after {@code killed} that is not 503 arrived. */
    private static long firstServedAfter(List<Answer> answers, long killed) {
        synchronized (answers) {
            return answers.stream()
                    .filter(a -> a.sent() > killed && a.status() != 503)
                    .mapToLong(Answer::answered)
                    .min()
                    .orElseThrow();
        }
    }

    /** When FAIL_OPEN first answered 429 after the kill (limits enforced again), or the end. */
    private static long firstServedAfterOutage(List<Answer> answers, long killed) {
        synchronized (answers) {
            return answers.stream()
                    .filter(a -> a.sent() > killed && a.status() == 429)
                    .mapToLong(Answer::answered)
                    .min()
                    .orElse(Long.MAX_VALUE);
        }
    }

    private static List<Answer> between(List<Answer> answers, long from, long to) {
        synchronized (answers) {
            return answers.stream()
                    .filter(a -> a.sent() >= from && a.sent() < to)
                    .toList();
        }
    }

    /**
     * Tokens refilled between the first and the last allowed request of {@code answers}, measured
     * from their own timestamps (as {@code ThrottleAccuracyIT}): a slow machine widens it, never fails it.
     */
    private static long allowedWindow(List<Answer> answers) {
        List<Answer> allowed = answers.stream().filter(a -> a.status() == 200).toList();
        if (allowed.size() < 2) {
            return 0;
        }
        long first = allowed.stream().mapToLong(Answer::sent).min().orElseThrow();
        long last = allowed.stream().mapToLong(Answer::answered).max().orElseThrow();
        return (long) Math.ceil(RATE * seconds(last - first)) + 1;
    }

    private static void report(String mode, List<Answer> answers, long start, long killed, long recovered, long end) {
        for (String phase : List.of("before", "during", "after")) {
            long from = phase.equals("before") ? start : phase.equals("during") ? killed : recovered;
            long to = phase.equals("before") ? killed : phase.equals("during") ? recovered : end;
            if (to == Long.MAX_VALUE || to <= from) {
                continue;
            }
            List<Answer> in = between(answers, from, to);
            long ok = in.stream().filter(a -> a.status() == 200).count();
            long throttled = in.stream().filter(a -> a.status() == 429).count();
            long unavailable = in.stream().filter(a -> a.status() == 503).count();
            double window = seconds(to - from);
            System.out.printf(
                    Locale.ROOT,
                    "[failover] %-11s %-6s %5.2f s: %4d requests, %4d allowed (%.1f/s; limit %d/s + burst %d),"
                            + " %4d throttled, %4d answered 503%n",
                    mode,
                    phase,
                    window,
                    in.size(),
                    ok,
                    ok / window,
                    RATE,
                    BURST,
                    throttled,
                    unavailable);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Sends {@code GET /prod/open} on one keep-alive connection, about every 5 ms, until stopped. */
    private static Void send(int port, List<Answer> answers, AtomicBoolean running) throws Exception {
        RawHttp http = new RawHttp(port);
        try {
            while (running.get()) {
                long sent = System.nanoTime();
                int status;
                try {
                    status = http.send("GET /prod/open HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .status();
                } catch (IOException e) {
                    http.close();
                    http = new RawHttp(port);
                    continue;
                }
                answers.add(new Answer(sent, System.nanoTime(), status));
                Thread.sleep(5);
            }
        } finally {
            http.close();
        }
        return null;
    }
}
