package dev.tollgate.dataplane.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.ir.GatewayConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against Fabric8's mock API server and a real {@code redis-server} with a password:
 * the config names the password's Secret, the data plane's Secret carries the value; a refused
 * password is reported under {@code <pod>.redis-problem} in the status ConfigMap (for the
 * operator to put in the Gateway's status) and makes the pod not ready; the corrected Secret
 * reconnects without a restart and the report goes away.
 */
class KubeRedisCredentialsIT {
    static final String NS = "default";
    static final String CONFIG_MAP = "tollgate-gw-config";
    static final String STATUS_MAP = "tollgate-gw-served";
    static final String SECRET = "tollgate-gw-secrets";
    static final String PASSWORD = "cluster-mode-password-3e1";

    KubernetesMockServer apiServer;
    KubernetesClient client;
    RedisServer redis;

    @BeforeEach
    void start() throws Exception {
        apiServer = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init();
        client = apiServer.createClient();
        redis = RedisServer.startWithPassword(PASSWORD);
    }

    @AfterEach
    void stop() {
        client.close();
        apiServer.destroy();
        redis.close();
    }

    /** The compiled config: the compiler sees the user's Secret, the data plane only its own copy. */
    GatewayConfig config() {
        return CompiledYaml.compile(LimitsYaml.api(
                        1,
                        "",
                        "  throttle: {rateLimit: 0.001, burstLimit: 3}",
                        LimitsYaml.ALICE,
                        "  redis:\n    url: " + redis.url()
                                + "\n    passwordSecretRef: {name: redis-auth, key: password}\n"
                                + "    failureMode: FAIL_OPEN")
                + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: redis-auth\nstringData:\n  password: "
                + PASSWORD + "\n");
    }

    void publish(GatewayConfig config) {
        client.configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CONFIG_MAP)
                        .withNamespace(NS)
                        .endMetadata()
                        .withData(Map.of(PublishedConfig.JSON_KEY, IrJson.toJson(config)))
                        .build())
                .create();
        client.configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(STATUS_MAP)
                        .withNamespace(NS)
                        .endMetadata()
                        .build())
                .create();
    }

    /** The data plane's Secret with the password as the operator copies it: key {@code redis-auth.password}. */
    void secret(String password) {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .withNamespace(NS)
                        .endMetadata()
                        .withData(Map.of(
                                "redis-auth.password",
                                Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .createOr(r -> r.update());
    }

    Map<String, String> status() {
        ConfigMap cm = client.configMaps().inNamespace(NS).withName(STATUS_MAP).get();
        return cm == null || cm.getData() == null ? Map.of() : cm.getData();
    }

    @Test
    void refusedPasswordIsReportedForTheGatewayStatusAndTheCorrectedSecretReconnects(@TempDir Path mount)
            throws Exception {
        GatewayConfig config = config();
        assertThat(IrJson.toJson(config)).doesNotContain(PASSWORD);
        publish(config);
        secret("not-the-password");
        KubeSourceSettings settings = new KubeSourceSettings(
                NS,
                CONFIG_MAP,
                STATUS_MAP,
                "pod-0",
                Files.createDirectories(mount.resolve("config")),
                SECRET,
                Files.createDirectories(mount.resolve("secrets")));
        try (GatewayServer server = KubeConfigSourceIT.server();
                KubeConfigSource source = KubeConfigSource.start(client, settings, server)) {
            String key = "pod-0" + KubeConfigSource.REDIS_PROBLEM_SUFFIX;
            Map<String, String> reported = Await.value(this::status, s -> s.containsKey(key));
            assertThat(reported.get(key)).contains("WRONGPASS").contains("Secret redis-auth");
            assertThat(reported.get(key)).doesNotContain("not-the-password");
            assertThat(server.ready())
                    .as("not ready while Redis refuses it, even under FAIL_OPEN")
                    .isFalse();

            secret(PASSWORD);
            // A merge patch with null removes the key (the mock API server keeps it, holding null).
            assertThat(Await.value(this::status, s -> s.get(key) == null).get(key))
                    .isNull();
            assertThat(server.ready()).isTrue();
            assertThat(source.servedId()).isEqualTo(config.configId());
        }
    }
}
