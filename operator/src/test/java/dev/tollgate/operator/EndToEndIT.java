package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The cluster path end to end: the operator against the mock API server, a real data plane process
 * using the Kubernetes config source against the same server, real echo backends on 127.0.0.1.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class EndToEndIT {
    static final String NS = "e2e";

    /** The data plane process's User-Agent, so the RBAC test can leave its requests out. */
    static final String DATA_PLANE_USER_AGENT = "tollgate-dataplane-e2e";

    @Inject
    KubernetesClient operatorClient;

    KubernetesClient client;

    @org.junit.jupiter.api.BeforeEach
    void userClient() {
        client = TestClients.user(operatorClient);
    }

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> get(int port) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prod/items"))
                        .header("Host", "shop." + NS + ".execute-api.localhost")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void resourcesCreatedThroughTheApiServeTrafficAndIntegrationChangesFollowWithoutAFailedRequest() throws Exception {
        Path mount = Files.createTempDirectory("tollgate-mount");
        try (DataPlaneProcess v1 = DataPlaneProcess.echo("backend-v1");
                DataPlaneProcess v2 = DataPlaneProcess.echo("backend-v2")) {
            int port = DataPlaneProcess.freePort();
            int admin = DataPlaneProcess.freePort();
            String master = client.getConfiguration().getMasterUrl();
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "TOLLGATE_NAMESPACE",
                    NS,
                    "TOLLGATE_CONFIGMAP",
                    "tollgate-gateway-config",
                    "TOLLGATE_STATUS_CONFIGMAP",
                    "tollgate-gateway-served",
                    "POD_NAME",
                    "tollgate-gateway-0",
                    "TOLLGATE_CONFIG_DIR",
                    mount.toString(),
                    "KUBERNETES_MASTER",
                    master,
                    "KUBERNETES_NAMESPACE",
                    NS,
                    "KUBERNETES_USER_AGENT",
                    DATA_PLANE_USER_AGENT,
                    "KUBERNETES_AUTH_TRYKUBECONFIG",
                    "false",
                    "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
                    "false"));
            // The data plane also watches its Secret (the key material), as in a pod.
            env.put("TOLLGATE_SECRET", "tollgate-gateway-secrets");
            env.put("TOLLGATE_SECRET_DIR", mount.resolve("secrets").toString());
            List<String> args = List.of(
                    "serve",
                    "--port",
                    String.valueOf(port),
                    "--admin-port",
                    String.valueOf(admin),
                    "--bind",
                    "127.0.0.1",
                    "--service",
                    "backend." + NS + "=127.0.0.1:" + v1.port,
                    "--service",
                    "backend-v2." + NS + "=127.0.0.1:" + v2.port);
            try (DataPlaneProcess dataPlane = DataPlaneProcess.start("dataplane", env, args, port)) {
                // The data plane is up (no config yet) before the clock starts: the figure is the
                // operator's and the watch's latency, not a JVM start.
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .until(() -> http.send(
                                                HttpRequest.newBuilder(
                                                                URI.create("http://127.0.0.1:" + admin + "/healthz"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .statusCode()
                                == 200);
                long created = System.nanoTime();
                apply("e2e.yaml");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .until(() -> {
                            HttpResponse<String> r = get(port);
                            return r.statusCode() == 200 && r.body().contains("127.0.0.1:" + v1.port);
                        });
                long firstServedMillis = (System.nanoTime() - created) / 1_000_000;
                System.out.println("create of the resources to first served request: " + firstServedMillis + " ms");
                Files.writeString(Path.of("target", "e2e-first-request-millis.txt"), firstServedMillis + "\n");

                await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(programmed(RestApi.class, "shop")));

                // Traffic keeps flowing while the Integration moves to the second backend.
                AtomicBoolean stop = new AtomicBoolean();
                List<String> failures = new ArrayList<>();
                int[] sent = {0};
                Thread load = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = get(port);
                            sent[0]++;
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException | InterruptedException e) {
                            failures.add(e.toString());
                        }
                    }
                });
                load.start();
                client.resources(Integration.class)
                        .inNamespace(NS)
                        .withName("backend")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"service\":{\"name\":\"backend-v2\"}}}");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(port).body().contains("127.0.0.1:" + v2.port));
                // A hand-edited, unreadable ConfigMap: the data plane keeps serving its last good
                // config, and the operator writes the compiled config back.
                String good = client.configMaps()
                        .inNamespace(NS)
                        .withName("tollgate-gateway-config")
                        .get()
                        .getData()
                        .get("config.json");
                client.configMaps()
                        .inNamespace(NS)
                        .withName("tollgate-gateway-config")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"config.json\":\"{not json\"}}");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> good.equals(client.configMaps()
                                .inNamespace(NS)
                                .withName("tollgate-gateway-config")
                                .get()
                                .getData()
                                .get("config.json")));
                await().atMost(Duration.ofSeconds(30)).until(() -> java.util.regex.Pattern.compile(
                                "(?m)^tollgate_config_reloads_total\\{result=\"failure\"\\} 1(\\.0)?$")
                        .matcher(metrics(admin))
                        .find());
                assertThat(get(port).body()).contains("127.0.0.1:" + v2.port);
                stop.set(true);
                load.join();
                assertThat(failures).isEmpty();
                assertThat(sent[0]).isPositive();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> "True".equals(programmed(Integration.class, "backend")));
                assertThat(dataPlane.alive()).isTrue();
                HttpResponse<String> config = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/config"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                String id = client.configMaps()
                        .inNamespace(NS)
                        .withName("tollgate-gateway-served")
                        .get()
                        .getData()
                        .get("tollgate-gateway-0");
                assertThat(config.body()).contains(id);
            }
        }
    }

    String metrics(int admin) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    String programmed(Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> type, String name) {
        var r = client.resources(type).inNamespace(NS).withName(name).get();
        Condition c = r == null
                ? null
                : StatusAggregator.find(
                        (dev.tollgate.crds.v1alpha1.ResourceStatus) r.getStatus(), Crds.CONDITION_PROGRAMMED);
        return c == null ? null : c.getStatus();
    }

    void apply(String fixture) {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + fixture)) {
            for (HasMetadata item : client.load(in).items()) {
                item.getMetadata().setNamespace(NS);
                client.resource(item).inNamespace(NS).create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
