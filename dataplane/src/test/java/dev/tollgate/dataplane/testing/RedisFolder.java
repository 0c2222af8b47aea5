package dev.tollgate.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local-mode folder for the Redis tests: {@link LimitsYaml}'s shop API, a Gateway whose {@code
 * spec.redis} the test writes, and the Secrets that names, each in its own file so a test can
 * rotate one by rewriting it.
 */
public final class RedisFolder {
    private RedisFolder() {}

    /**
     * Writes {@code api.yaml}: the API with {@code planSpec} on UsagePlan gold (so {@code GET
     * /prod/items} with alice's key is limited and {@code GET /prod/open} is not) and a Gateway with
     * these {@code spec.redis} lines (indented 4).
     */
    public static void api(Path folder, int echoPort, String planSpec, String redisLines) throws IOException {
        Folders.write(
                folder,
                "api.yaml",
                LimitsYaml.api(echoPort, "", planSpec, LimitsYaml.ALICE, "  redis:\n" + redisLines));
    }

    /** Writes {@code secret-<name>.yaml}: an Opaque Secret with these string values. */
    public static void secret(Path folder, String name, Map<String, String> values) throws IOException {
        StringBuilder yaml =
                new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\nstringData:\n");
        new TreeMap<>(values).forEach((k, v) -> {
            yaml.append("  ").append(k).append(": |-\n");
            for (String line : v.split("\n", -1)) {
                yaml.append("    ").append(line).append('\n');
            }
        });
        Folders.write(folder, "secret-" + name + ".yaml", yaml.toString());
    }

    /** {@code GET path} on a new connection with alice's API key. */
    public static RawHttp.Response get(int port, String path) throws IOException {
        return RawHttp.exchange(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE
                        + "\r\nConnection: close\r\n\r\n");
    }

    /** The status {@code /readyz} answers. */
    public static int readyz(int adminPort) throws IOException {
        return RawHttp.get(adminPort, "localhost", "/readyz").status();
    }

    /** Waits until {@code /readyz} answers {@code status}; fails naming the last answer. */
    public static void awaitReadyz(int adminPort, int status) throws Exception {
        assertThat(Await.value(() -> readyz(adminPort), s -> s == status))
                .as("/readyz")
                .isEqualTo(status);
    }

    /** The statuses of {@code n} requests for {@code GET /prod/items} with alice's key, one after the other. */
    public static List<Integer> limited(int port, int n) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(get(port, "/prod/items").status());
        }
        return statuses;
    }
}
