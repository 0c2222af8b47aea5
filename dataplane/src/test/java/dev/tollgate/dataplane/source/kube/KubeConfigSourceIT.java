package dev.tollgate.dataplane.source.kube;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.dataplane.server.GatewayOptions;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.GatewayConfig;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes config source when the API server is down: the pod boots from the mounted copy. */
class KubeConfigSourceIT {
    static final GatewayConfig CONFIG =
            config(rest("shop", stage("prod", route("GET", "/ping", mock("{\"ok\":true}")))));

    static KubernetesClient unreachableApiServer() throws IOException {
        int closed = FreePorts.refusing();
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + closed)
                        .withConnectionTimeout(500)
                        .withRequestTimeout(500)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    static GatewayServer server() {
        return GatewayServer.start(
                GatewayOptions.defaults().withPorts(0, 0).withEventLoops(1).withDrain(Duration.ofSeconds(1)),
                new GatewayMetrics());
    }

    @Test
    void apiServerDownAtStartServesTheMountedCopy(@TempDir Path mount) throws Exception {
        Files.writeString(mount.resolve(PublishedConfig.JSON_KEY), IrJson.toJson(CONFIG));
        KubeSourceSettings settings = new KubeSourceSettings("default", "cfg", "served", "pod-0", mount);
        try (KubernetesClient client = unreachableApiServer();
                GatewayServer server = server();
                KubeConfigSource source = KubeConfigSource.start(client, settings, server)) {
            assertThat(source.servedId()).isEqualTo(CONFIG.configId());
            assertThat(server.ready()).isTrue();
            RawHttp.Response r = RawHttp.get(server.port(), "shop.default.execute-api.localhost", "/prod/ping");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void unreadableMountedCopyLeavesTheServerNotReadyInsteadOfCrashing(@TempDir Path mount) throws Exception {
        Files.writeString(mount.resolve(PublishedConfig.JSON_KEY), "{not json");
        KubeSourceSettings settings = new KubeSourceSettings("default", "cfg", "served", "pod-0", mount);
        try (KubernetesClient client = unreachableApiServer();
                GatewayServer server = server();
                KubeConfigSource source = KubeConfigSource.start(client, settings, server)) {
            assertThat(source.servedId()).isEmpty();
            assertThat(server.ready()).isFalse();
            // Nothing served, nothing listened to: no client gets a 503 for a config not loaded.
            assertThat(server.listening()).isFalse();
            assertThat(RawHttp.get(server.adminPort(), "localhost", "/readyz").status())
                    .isEqualTo(503);
        }
    }
}
