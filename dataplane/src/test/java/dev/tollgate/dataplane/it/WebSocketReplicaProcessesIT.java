package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.dataplane.testing.ReplicaProcess;
import dev.tollgate.dataplane.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two data plane processes (replicas, each its own JVM) sharing a real redis-server: a message
 * posted to {@code @connections} on one reaches a client connected to the other, and when a replica
 * dies (killed, with no chance to unregister) its connections leave the registry once their records
 * expire, a few heartbeats later.
 */
class WebSocketReplicaProcessesIT {
    private static final String HOST = "room.default.execute-api.localhost";
    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]+)\"}");
    private static final Duration HEARTBEAT = Duration.ofMillis(300);

    private RedisServer redis;
    private Path folder;
    private ReplicaProcess a;
    private ReplicaProcess b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        folder = Files.createTempDirectory("ws-processes");
        Folders.write(folder, "room.yaml", WebSocketIT.api(WebSocketIT.ID_TEMPLATE));
        String[] flags = {"--default-api", "room", "--redis", redis.url(), "--event-loops", "1"};
        a = ReplicaProcess.start(folder, HEARTBEAT, flags);
        b = ReplicaProcess.start(folder, HEARTBEAT, flags);
    }

    @AfterEach
    void stop() throws Exception {
        for (ReplicaProcess replica : new ReplicaProcess[] {a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        Folders.delete(folder);
    }

    private static int status(ReplicaProcess via, String method, String id, String body) {
        try {
            return RawHttp.request(via.port(), HOST, method, "/prod/@connections/" + id, "", body)
                    .status();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The record's remaining time to live in milliseconds (negative when it has none or is gone). */
    private long recordTtlMillis(String id) {
        try {
            return (Long) redis.call("PTTL", "tollgate:default:ws:conn:" + id);
        } catch (IOException e) {
            return -3;
        }
    }

    @Test
    void aPostToOneReplicaReachesAClientOfTheOtherAndAKilledReplicasConnectionsExpire() throws Exception {
        WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame");
        try {
            Matcher m = ID.matcher(ws.ask("{\"action\":\"whoami\"}"));
            assertThat(m.matches()).isTrue();
            String id = m.group(1);
            Await.until("replica b knows the connection", () -> status(b, "GET", id, "") == 200);

            assertThat(status(b, "POST", id, "from the other process")).isEqualTo(200);
            assertThat(ws.next()).isEqualTo("from the other process");

            // The record expires three heartbeats after its last rewrite, and is rewritten while A lives.
            long ttl = recordTtlMillis(id);
            assertThat(ttl).isPositive().isLessThanOrEqualTo(HEARTBEAT.toMillis() * 3);
            Await.until("the record is rewritten", () -> recordTtlMillis(id) > ttl);

            a.kill();
            // No POST here: a publish nobody receives would remove the record at once. GET only reads it.
            Await.until("the killed replica's connection leaves the registry", () -> status(b, "GET", id, "") == 410);
            assertThat(redis.call("EXISTS", "tollgate:default:ws:conn:" + id)).isEqualTo(0L);
            assertThat(status(b, "POST", id, "too late")).isEqualTo(410);
        } finally {
            ws.close();
        }
    }
}
