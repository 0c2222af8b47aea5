package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.it.WebSocketReplicasIT.postGetAndDeleteReachTheClientOfTheOther;
import static dev.tollgate.dataplane.it.WebSocketReplicasIT.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RedisCluster;
import dev.tollgate.dataplane.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways (replicas, in one JVM) whose Gateway names a real three-master Redis Cluster, reached
 * as the ACL user docs/websocket.md asks for: the {@code @connections} API of either one reaches a
 * client connected to the other, the connection's record lives on the node owning its key, and a
 * replica that stops without unregistering (its registry closed, as a crash leaves it) loses its
 * connections: at once for a {@code POST}, which finds no subscriber on any node, or when the
 * records expire, a few shortened heartbeats later.
 */
class WebSocketClusterReplicasIT {
    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]+)\"}");
    private static final String RECORDS = "tollgate:default:ws:conn:*";

    /** The limits' rule plus the WebSocket registry's keys and channels. */
    static final String USER_RULE = RedisClusterIT.USER_RULE + " ~tollgate:* &tollgate:*";

    private static RedisCluster cluster;

    private Path folder;
    private LocalGateway a;
    private LocalGateway b;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start();
        cluster.user("tollgate", RedisClusterIT.PASSWORD, USER_RULE);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        cluster.flush();
        folder = Files.createTempDirectory("ws-cluster");
        // One seed: the client reads the topology from it.
        Folders.write(
                folder,
                "room.yaml",
                WebSocketIT.api(WebSocketIT.ID_TEMPLATE)
                        + """
                        ---
                        apiVersion: apigateway.tollgate.dev/v1alpha1
                        kind: Gateway
                        metadata:
                          name: gw
                        spec:
                          redis:
                            cluster:
                              nodes: [%s]
                            username: tollgate
                            passwordSecretRef: {name: redis-auth, key: password}
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata:
                          name: redis-auth
                        stringData:
                          password: %s
                        """
                                .formatted(cluster.urls().get(0), RedisClusterIT.PASSWORD));
        a = LocalGateway.on(folder).flags("--default-api", "room").start();
        b = LocalGateway.on(folder).flags("--default-api", "room").start();
    }

    @AfterEach
    void stop() throws IOException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        Folders.delete(folder);
    }

    /** The id of {@code ws}'s connection (asked through {@code whoami}), once {@code other} knows it. */
    private static String connectedId(WsClient ws, LocalGateway other) throws Exception {
        Matcher m = ID.matcher(ws.ask("{\"action\":\"whoami\"}"));
        assertThat(m.matches()).isTrue();
        String id = m.group(1);
        // The registration reaches the cluster asynchronously: wait until the other replica sees it.
        Await.until("the other replica knows the connection", () -> status(other, "GET", id, "") == 200);
        return id;
    }

    /** Every record key in the cluster, whichever node holds it. */
    private static List<String> records() throws IOException {
        List<String> all = new ArrayList<>();
        cluster.keys(RECORDS).forEach(all::addAll);
        return all;
    }

    @Test
    void aMessagePostedToOneReplicaReachesAClientOfTheOtherThroughTheCluster() throws Exception {
        try (WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame")) {
            String id = connectedId(ws, b);

            String key = "tollgate:default:ws:conn:" + id;
            int slot = cluster.slot(key);
            assertThat(records()).containsExactly(key);
            assertThat(cluster.owner(slot).call("EXISTS", key)).isEqualTo(1L);

            postGetAndDeleteReachTheClientOfTheOther(ws, id, a, b, "across the cluster");
            assertThat(records()).isEmpty();
        }
    }

    @Test
    void aPostForAReplicaThatStoppedFindsNoSubscriberOnAnyNodeAndAnswersGone() throws Exception {
        try (WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame")) {
            String id = connectedId(ws, b);
            // As a crash leaves it: no heartbeat, no subscription, the record still there (for 60 s).
            a.server().webSockets().registry().close();
            assertThat(records()).hasSize(1);

            Await.until("a post finds the replica gone", () -> status(b, "POST", id, "anyone?") == 410);
            assertThat(records()).isEmpty();
            assertThat(status(b, "GET", id, "")).isEqualTo(410);
        }
    }

    @Test
    void aStoppedReplicasRecordsExpireAfterAFewShortenedHeartbeats() throws Exception {
        Duration heartbeat = Duration.ofMillis(200);
        a.server().webSockets().registry().heartbeat(heartbeat);
        try (WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame")) {
            String id = connectedId(ws, b);
            long ttl = (Long) cluster.owner(cluster.slot("tollgate:default:ws:conn:" + id))
                    .call("PTTL", "tollgate:default:ws:conn:" + id);
            assertThat(ttl).isPositive().isLessThanOrEqualTo(heartbeat.toMillis() * 3);

            a.server().webSockets().registry().close();
            // GET only reads the record: it is the expiry that removes it, not a publish.
            Await.until("the stopped replica's connection leaves the registry", () -> status(b, "GET", id, "") == 410);
            assertThat(records()).isEmpty();
        }
    }
}
