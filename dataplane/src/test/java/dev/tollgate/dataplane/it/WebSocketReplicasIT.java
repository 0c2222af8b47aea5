package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.dataplane.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways (replicas) sharing a real redis-server: the {@code @connections} API of either one
 * reaches a client connected to the other, and a connection closed on one is gone for both.
 */
class WebSocketReplicasIT {
    private static final String HOST = "room.default.execute-api.localhost";
    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]+)\"}");

    private RedisServer redis;
    private Path folder;
    private LocalGateway a;
    private LocalGateway b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        folder = Files.createTempDirectory("ws-replicas");
        Folders.write(folder, "room.yaml", WebSocketIT.api(WebSocketIT.ID_TEMPLATE));
        a = LocalGateway.on(folder)
                .flags("--default-api", "room", "--redis", redis.url())
                .start();
        b = LocalGateway.on(folder)
                .flags("--default-api", "room", "--redis", redis.url())
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
        Folders.delete(folder);
    }

    static RawHttp.Response connections(LocalGateway via, String method, String id, String body) throws IOException {
        return RawHttp.request(via.port(), HOST, method, "/prod/@connections/" + id, "", body);
    }

    /**
     * Through replica {@code b}: a POST reaches {@code ws}, held by replica {@code a}; a GET reads the
     * connection; a DELETE closes it; then both replicas answer 410 for it.
     */
    static void postGetAndDeleteReachTheClientOfTheOther(
            WsClient ws, String id, LocalGateway a, LocalGateway b, String message) throws Exception {
        assertThat(connections(b, "POST", id, message).status()).isEqualTo(200);
        assertThat(ws.next()).isEqualTo(message);
        assertThat(connections(b, "GET", id, "").body()).contains("\"sourceIp\":\"127.0.0.1\"");

        assertThat(connections(b, "DELETE", id, "").status()).isEqualTo(204);
        assertThat(ws.closeCode()).isEqualTo(1000);
        Await.until(
                "the connection is gone on both replicas",
                () -> status(b, "POST", id, "x") == 410 && status(a, "POST", id, "x") == 410);
    }

    static int status(LocalGateway via, String method, String id, String body) {
        try {
            return connections(via, method, id, body).status();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aMessagePostedToOneReplicaReachesAClientOfTheOther() throws Exception {
        try (WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame")) {
            Matcher m = ID.matcher(ws.ask("{\"action\":\"whoami\"}"));
            assertThat(m.matches()).isTrue();
            String id = m.group(1);
            // The registration reaches Redis asynchronously: wait until the other replica sees it.
            Await.until("replica b knows the connection", () -> status(b, "GET", id, "") == 200);

            postGetAndDeleteReachTheClientOfTheOther(ws, id, a, b, "across replicas");
        }
    }

    @Test
    void aReplicaThatStopsTakesItsConnectionsWithIt() throws Exception {
        WsClient ws = WsClient.connect(a.port(), "/prod?pass=open-sesame");
        Matcher m = ID.matcher(ws.ask("{\"action\":\"whoami\"}"));
        assertThat(m.matches()).isTrue();
        String id = m.group(1);
        Await.until("replica b knows the connection", () -> status(b, "GET", id, "") == 200);
        a.close();
        a = null;
        ws.close();
        Await.until("the connection is gone", () -> status(b, "POST", id, "x") == 410);
        assertThat(status(b, "GET", id, "")).isEqualTo(410);
    }
}
