package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisCluster;
import dev.tollgate.dataplane.testing.RedisServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway replicas sharing a real three-master Redis Cluster, as an ACL user with the
 * permissions docs/security.md recommends: every limit's key is one hash tag
 * (one slot, so its script runs on one node), limits stay exact whichever node holds them, and a
 * slot migrating under load is followed through ASK and then MOVED without losing the bucket.
 */
class RedisClusterIT {
    @RegisterExtension
    final GatewayExtension a = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    @RegisterExtension
    final GatewayExtension b = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    private static RedisCluster cluster;

    /** The ACL user docs/security.md recommends for a cluster, on every node. */
    static final String USER_RULE = "~{tollgate:* +@all -@dangerous +cluster|nodes +cluster|slots +info";

    static final String PASSWORD = "cluster-user-password-c9";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start();
        cluster.user("tollgate", PASSWORD, USER_RULE);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void flush() throws IOException {
        cluster.flush();
    }

    /** Serves the shop API with the cluster as its Redis, as ACL user tollgate with its password from a Secret. */
    private void serve(GatewayExtension gateway, String stage, String plan) {
        // One seed is enough: the client reads the topology from it.
        String yaml = LimitsYaml.api(
                        gateway.echoPort(),
                        stage,
                        plan,
                        LimitsYaml.ALICE,
                        "  redis:\n    cluster:\n      nodes: ["
                                + cluster.urls().get(0) + "]\n"
                                + "    username: tollgate\n    passwordSecretRef: {name: redis-auth, key: password}\n"
                                + "    failureMode: FAIL_CLOSED")
                + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: redis-auth\nstringData:\n  password: "
                + PASSWORD + "\n";
        gateway.gateway().apply(List.of(CompiledYaml.compile(yaml)), CompiledYaml.keys(yaml));
    }

    private static int status(GatewayExtension gateway, String method, String path) throws IOException {
        return RawHttp.exchange(
                        gateway.port(),
                        method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE
                                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .status();
    }

    /** Sends {@code n} requests alternating between the replicas; the statuses in order. */
    private List<Integer> alternate(String method, String path, int n) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(status(i % 2 == 0 ? a : b, method, path));
        }
        return statuses;
    }

    @Test
    void twoReplicasShareExactLimitsWhoseKeysAreHashTagged() throws Exception {
        String stage = "  throttling: {rateLimit: 0.001, burstLimit: 4}";
        String plan = "  quota: {limit: 100, period: WEEK}";
        serve(a, stage, plan);
        serve(b, stage, plan);
        a.awaitReady();
        b.awaitReady();

        // One bucket per route, shared by both replicas: exactly the burst, wherever its key lives.
        assertThat(alternate("GET", "/prod/open", 6)).containsExactly(200, 200, 200, 200, 429, 429);
        assertThat(alternate("GET", "/prod/items", 6)).containsExactly(200, 200, 200, 200, 429, 429);
        assertThat(alternate("POST", "/prod/items", 6)).containsExactly(200, 200, 200, 200, 429, 429);

        List<String> all = new ArrayList<>();
        List<List<String>> byNode = cluster.keys("*");
        byNode.forEach(all::addAll);
        // Three buckets and alice's quota counter, each key a single hash tag.
        assertThat(all)
                .hasSize(4)
                .allSatisfy(k -> assertThat(k).startsWith("{tollgate:").endsWith("}"));
        assertThat(all.stream().filter(k -> k.startsWith("{tollgate:b:"))).hasSize(3);
        System.out.println(
                "[cluster] keys per node: " + byNode.stream().map(List::size).toList());

        // The usage report reads the quota counter from whichever node holds it: 12 requests passed the plan.
        String usage =
                RawHttp.get(b.adminPort(), "localhost", "/usage?plan=gold").body();
        assertThat(usage).contains("\"used\" : 12");
    }

    @Test
    void aMigratingSlotIsFollowedThroughAskThenMovedAndTheBucketMovesWithIt() throws Exception {
        serve(a, "  throttling: {rateLimit: 0.001, burstLimit: 10}", "");
        a.awaitReady();
        assertThat(statuses(3)).containsOnly(200);

        List<String> buckets = new ArrayList<>();
        cluster.keys("{tollgate:b:*").forEach(buckets::addAll);
        assertThat(buckets).hasSize(1);
        String key = buckets.get(0);
        int slot = cluster.slot(key);
        RedisServer source = cluster.owner(slot);
        RedisServer target =
                cluster.nodes().stream().filter(n -> n != source).findFirst().orElseThrow();
        String sourceId = RedisCluster.id(source);
        String targetId = RedisCluster.id(target);

        // Mid-migration: the key has moved, the slot not yet; the source answers ASK for it.
        target.call("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
        source.call("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
        source.call("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "", "0", "5000", "KEYS", key);
        assertThat(statuses(3)).as("served through ASK").containsOnly(200);

        // Migration done: every node says the target owns the slot; the source answers MOVED.
        for (RedisServer node : cluster.nodes()) {
            node.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        }
        // 6 of the burst of 10 were taken before: the bucket came along with its key.
        assertThat(statuses(5)).as("served through MOVED").containsExactly(200, 200, 200, 200, 429);
        assertThat(target.call("EXISTS", key)).as("the key lives on the target").isEqualTo(1L);
    }

    private List<Integer> statuses(int n) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(status(a, "GET", "/prod/open"));
        }
        return out;
    }
}
