package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.JavaProcess;
import dev.tollgate.operator.testing.Ports;
import dev.tollgate.operator.testing.Statuses;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster path end to end: the operator against the mock API server, a real data plane process
 * using the Kubernetes config source against the same server, real echo backends on 127.0.0.1.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class EndToEndIT {
    static final String NS = "e2e";

    @Inject
    KubernetesClient operatorClient;

    KubernetesClient client;

    @BeforeEach
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
        try (JavaProcess v1 = JavaProcess.echo("backend-v1");
                JavaProcess v2 = JavaProcess.echo("backend-v2")) {
            int port = Ports.free();
            int admin = Ports.free();
            String master = client.getConfiguration().getMasterUrl();
            Map<String, String> env = new HashMap<>(Map.of(
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
                    TestClients.DATA_PLANE_USER_AGENT,
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
                    "backend." + NS + "=127.0.0.1:" + v1.port(),
                    "--service",
                    "backend-v2." + NS + "=127.0.0.1:" + v2.port());
            try (JavaProcess dataPlane = JavaProcess.dataPlane("dataplane", env, args, port)) {
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
                Fixtures.apply(client, "e2e.yaml", NS);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .until(() -> {
                            HttpResponse<String> r = get(port);
                            return r.statusCode() == 200 && r.body().contains("127.0.0.1:" + v1.port());
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
                        .until(() -> get(port).body().contains("127.0.0.1:" + v2.port()));
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
                await().atMost(Duration.ofSeconds(30)).until(() -> Pattern.compile(
                                "(?m)^tollgate_config_reloads_total\\{result=\"failure\"\\} 1(\\.0)?$")
                        .matcher(metrics(admin))
                        .find());
                assertThat(get(port).body()).contains("127.0.0.1:" + v2.port());
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

                // Deployments: the stage pinned to a deployment of the API as it is (backend-v2)
                // keeps serving it when the Integration moves back, until the next deploy.
                String pinned = deploy("e2e001");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> config(admin).contains("\"deployment\" : \"" + pinned));
                client.resources(Integration.class)
                        .inNamespace(NS)
                        .withName("backend")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"service\":{\"name\":\"backend\"}}}");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> "True".equals(programmed(Integration.class, "backend"))
                                && config(admin).contains(served(NS)));
                assertThat(get(port).body()).contains("127.0.0.1:" + v2.port());
                long deployed = System.nanoTime();
                deploy("e2e002");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .until(() -> get(port).body().contains("127.0.0.1:" + v1.port()));
                long deployMillis = (System.nanoTime() - deployed) / 1_000_000;
                System.out.println(
                        "deploy to serving through the operator and a data plane process: " + deployMillis + " ms");
                Files.writeString(Path.of("target", "e2e-deploy-to-serving-millis.txt"), deployMillis + "\n");
            }
        }
    }

    /** What the deploy command does on a cluster: a deployment of the RestApi as it is, the stage pinned to it. */
    String deploy(String name) {
        RestApi api =
                client.resources(RestApi.class).inNamespace(NS).withName("shop").get();
        List<Integration> integrations =
                client.resources(Integration.class).inNamespace(NS).list().getItems();
        client.resource(DeploymentSnapshots.newDeployment(name, api, integrations, null, Instant.now()))
                .inNamespace(NS)
                .create();
        client.resources(Stage.class).inNamespace(NS).withName("shop-prod").edit(s -> {
            s.getSpec()
                    .setDeployment(StageReleases.pinned(s, name, null).getSpec().getDeployment());
            return s;
        });
        return name;
    }

    /** The config id the data plane reports serving. */
    String served(String namespace) {
        var data = client.configMaps()
                .inNamespace(namespace)
                .withName("tollgate-gateway-served")
                .get()
                .getData();
        return data == null ? "-" : data.getOrDefault("tollgate-gateway-0", "-");
    }

    String config(int admin) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/config"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    String metrics(int admin) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    <S extends ResourceStatus> String programmed(Class<? extends CustomResource<?, S>> type, String name) {
        Condition c = Statuses.condition(client, type, NS, name, Crds.CONDITION_PROGRAMMED);
        return c == null ? null : c.getStatus();
    }
}
