package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RedisFolder;
import dev.tollgate.dataplane.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode against a real {@code redis-server} that asks for a password ({@code requirepass}) and
 * has ACL users: the password and user come from a Secret; credentials Redis refuses (WRONGPASS,
 * NOAUTH, NOPERM) make the data plane not ready and refuse limited requests with 500 even under
 * FAIL_OPEN, logged (without the password) and counted; a rotated Secret reconnects with the new
 * password without a restart.
 */
class RedisAuthIT {
    private static final String ADMIN = "admin-secret-9f3c";
    private static final String P1 = "first-password-51a2";
    private static final String P2 = "second-password-77be";
    private static final String WRONG = "wrong-password-0d4e";
    private static final String PLAN = "  throttle: {rateLimit: 0.001, burstLimit: 3}";

    private static RedisServer redis;
    private static EchoServer echo;

    @TempDir
    Path folder;

    private LocalGateway gateway;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.startWithPassword(ADMIN);
        echo = EchoServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @BeforeEach
    void users() throws Exception {
        redis.call("FLUSHALL");
        // The rule docs/security.md recommends.
        redis.call(
                "ACL",
                "SETUSER",
                "tollgate",
                "reset",
                "on",
                ">" + P1,
                ">" + P2,
                "~{tollgate:*",
                "+@all",
                "-@dangerous");
        redis.call("ACL", "SETUSER", "noscripts", "reset", "on", ">" + P1, "~*", "+@all", "-@scripting");
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void serve(String redisLines, String password) throws Exception {
        if (password != null) {
            RedisFolder.secret(folder, "redis-auth", Map.of("password", password));
        }
        RedisFolder.api(folder, echo.port(), PLAN, redisLines);
        gateway = LocalGateway.on(folder).flags("--default-api", "shop").start();
    }

    private String withUser(String user, String failureMode) {
        return "    url: " + redis.url() + "\n" + (user == null ? "" : "    username: " + user + "\n")
                + "    passwordSecretRef: {name: redis-auth, key: password}\n    failureMode: " + failureMode + "\n";
    }

    @Test
    void aclUserAuthenticatesWithThePasswordFromItsSecretAndLimitsHold() throws Exception {
        serve(withUser("tollgate", "FAIL_CLOSED"), P1);
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
        assertThat(RedisFolder.limited(gateway.port(), 4)).containsExactly(200, 200, 200, 429);
        assertThat(String.valueOf(redis.call("CLIENT", "LIST"))).contains("user=tollgate");
        assertThat(gateway.server().metrics().scrape()).contains("tollgate_redis_up{namespace=\"default\"} 1.0");
    }

    @Test
    void requirepassPasswordAloneAuthenticatesTheDefaultUser() throws Exception {
        serve(withUser(null, "FAIL_CLOSED"), ADMIN);
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
        assertThat(RedisFolder.limited(gateway.port(), 4)).containsExactly(200, 200, 200, 429);
    }

    @Test
    void wrongPasswordIsAConfigurationErrorEvenUnderFailOpen() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            serve(withUser("tollgate", "FAIL_OPEN"), WRONG);
            RedisFolder.awaitReadyz(gateway.adminPort(), 503);
            // Never silently unlimited: the limited route answers 500 however often it is asked.
            assertThat(RedisFolder.limited(gateway.port(), 6)).containsOnly(500);
            RawHttp.Response refused = RedisFolder.get(gateway.port(), "/prod/items");
            assertThat(refused.body()).isEqualTo("{\"message\":\"Internal server error\"}");
            assertThat(refused.headers().get("x-amzn-errortype")).containsExactly("InternalServerErrorException");
            // Routes without limits keep working; the replica is out of its Service by readiness.
            assertThat(RedisFolder.get(gateway.port(), "/prod/open").status()).isEqualTo(200);
            String metrics = gateway.server().metrics().scrape();
            assertThat(metrics)
                    .contains("tollgate_redis_refusals_total{namespace=\"default\",reason=\"auth\"}")
                    .contains("tollgate_redis_up{namespace=\"default\"} 0.0");
            List<String> refusals =
                    logs.texts().stream().filter(t -> t.contains("WRONGPASS")).toList();
            assertThat(refusals).as("logged once, not once per request").hasSize(1);
            assertThat(refusals.get(0)).contains("default/Gateway").contains(redis.url());
            assertThat(logs.events().stream()
                            .filter(e -> e.getFormattedMessage().contains("WRONGPASS"))
                            .map(e -> e.getLevel()))
                    .containsOnly(Level.ERROR);
            logs.assertNoneContains(WRONG);
        }
    }

    @Test
    void noPasswordForAProtectedRedisIsNoauth() throws Exception {
        RedisFolder.api(folder, echo.port(), PLAN, "    url: " + redis.url() + "\n    failureMode: FAIL_OPEN\n");
        gateway = LocalGateway.on(folder).flags("--default-api", "shop").start();
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        assertThat(RedisFolder.limited(gateway.port(), 3)).containsOnly(500);
        assertThat(gateway.server()
                        .limits()
                        .problem(gateway.server().runtime().configs().get(0)))
                .contains("NOAUTH");
    }

    @Test
    void userWithoutPermissionToRunScriptsIsRefused() throws Exception {
        serve(withUser("noscripts", "FAIL_OPEN"), P1);
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        assertThat(RedisFolder.limited(gateway.port(), 3)).containsOnly(500);
        assertThat(gateway.server().metrics().scrape())
                .contains("tollgate_redis_refusals_total{namespace=\"default\",reason=\"permission\"}");
    }

    @Test
    void rotatedSecretReconnectsWithTheNewPasswordWithoutARestart() throws Exception {
        serve(withUser("tollgate", "FAIL_CLOSED"), WRONG);
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        // Fixing the Secret is enough: the reload reconnects with it.
        RedisFolder.secret(folder, "redis-auth", Map.of("password", P1));
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
        assertThat(RedisFolder.limited(gateway.port(), 2)).containsExactly(200, 200);
        long before = connectionOf("tollgate");

        // Rotation: the new connection (P2) replaces the old one (P1) once it is up...
        RedisFolder.secret(folder, "redis-auth", Map.of("password", P2));
        assertThat(Await.value(() -> connectionOf("tollgate"), id -> id > before))
                .as("a new connection replaced the old one")
                .isGreaterThan(before);
        // ...so Redis may drop P1 and every connection of the user: the gateway comes back with P2.
        redis.call("ACL", "SETUSER", "tollgate", "<" + P1);
        redis.call("CLIENT", "KILL", "USER", "tollgate");
        assertThat(Await.value(
                        () -> RedisFolder.get(gateway.port(), "/prod/items").status(), s -> s != 503))
                .as("the bucket shared before the rotation: one token left")
                .isEqualTo(200);
        assertThat(RedisFolder.limited(gateway.port(), 1)).containsExactly(429);
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
    }

    private static final Pattern CLIENT = Pattern.compile("id=(\\d+) .*? user=(\\S+)");

    /** The id of the only connection of {@code user}, or -1 while it has none or several. */
    private static long connectionOf(String user) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String line : String.valueOf(redis.call("CLIENT", "LIST")).split("\n")) {
            Matcher m = CLIENT.matcher(line);
            if (m.find() && m.group(2).equals(user)) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids.size() == 1 ? ids.get(0) : -1;
    }
}
