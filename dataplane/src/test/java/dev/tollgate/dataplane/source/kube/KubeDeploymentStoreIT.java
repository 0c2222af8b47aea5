package dev.tollgate.dataplane.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.dataplane.Main;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release commands on a cluster, through the API server (Fabric8's CRUD mock server) with a
 * kubeconfig, as a user runs them: an ApiDeployment is created, the Stage patched; nothing else
 * changes.
 */
class KubeDeploymentStoreIT {
    private static final String NS = "shop";
    private static final String YAML = String.join(
            "\n",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: RestApi",
            "metadata: {name: petstore, namespace: shop}",
            "spec:",
            "  resources:",
            "    - path: /pets",
            "      methods:",
            "        - httpMethod: GET",
            "          integration: {integrationRef: pets}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: pets, namespace: shop}",
            "spec: {type: HTTP_PROXY, service: {name: pets-backend, port: 80}}",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: petstore-prod, namespace: shop}",
            "spec: {restApiRef: petstore, stageName: prod, variables: {team: pets}}",
            "");

    KubernetesMockServer apiServer;
    KubernetesClient client;

    @TempDir
    Path dir;

    Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        apiServer = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init();
        client = apiServer.createClient();
        var snapshot = ResourceLoader.load(List.of(new SourceDocument("test.yaml", YAML)))
                .snapshots()
                .get(NS);
        snapshot.restApis().forEach(r -> client.resource(r).create());
        snapshot.integrations().forEach(r -> client.resource(r).create());
        snapshot.stages().forEach(r -> client.resource(r).create());
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters:",
                        "- name: mock",
                        "  cluster: {server: '" + client.getMasterUrl() + "'}",
                        "users:",
                        "- name: me",
                        "  user: {token: not-checked}",
                        "contexts:",
                        "- name: mock",
                        "  context: {cluster: mock, user: me, namespace: shop}",
                        "current-context: mock",
                        ""));
    }

    @AfterEach
    void stop() {
        client.close();
        apiServer.destroy();
    }

    private record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.release(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code deploy --kubeconfig ... --rest-api petstore --stage STAGE} with more arguments. */
    private Run deploy(String stage, String... more) {
        List<String> args = new ArrayList<>(
                List.of("deploy", "--kubeconfig", kubeconfig.toString(), "--rest-api", "petstore", "--stage", stage));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    /** {@code deployments --kubeconfig ... --rest-api petstore} with more arguments. */
    private Run deployments(String... more) {
        List<String> args = new ArrayList<>(
                List.of("deployments", "--kubeconfig", kubeconfig.toString(), "--rest-api", "petstore"));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private Stage stage() {
        return client.resources(Stage.class)
                .inNamespace(NS)
                .withName("petstore-prod")
                .get();
    }

    @Test
    void deployCreatesAnIntactDeploymentThroughTheApiServerAndPinsTheStage() {
        Run run = deploy("prod", "--description", "first");
        assertThat(run.code()).as(run.err()).isZero();
        String name = run.out().trim();
        ApiDeployment stored = client.resources(ApiDeployment.class)
                .inNamespace(NS)
                .withName(name)
                .get();
        assertThat(stored.getSpec().getRestApiRef()).isEqualTo("petstore");
        assertThat(stored.getSpec().getDescription()).isEqualTo("first");
        assertThat(DeploymentSnapshots.contentId(stored.getSpec().getSnapshot()))
                .as("the id of what the API server holds")
                .isEqualTo(stored.getSpec().getContentId());
        assertThat(stored.getSpec().getSnapshot().getIntegrations()).containsOnlyKeys("pets");
        assertThat(DeploymentHistory.pinnedTo(stage())).isEqualTo(name);
        assertThat(stage().getSpec().getVariables()).containsEntry("team", "pets");
        // The operator only reads: the RestApi and Integration are untouched.
        assertThat(client.resources(RestApi.class)
                        .inNamespace(NS)
                        .withName("petstore")
                        .get()
                        .getMetadata()
                        .getGeneration())
                .isIn(null, 1L);
        assertThat(client.resources(Integration.class).inNamespace(NS).list().getItems())
                .hasSize(1);
    }

    @Test
    void canaryPromotionRollbackHistoryAndPruningWorkOnTheCluster() {
        String first = deploy("prod").out().trim();
        String canary = deploy("prod", "--canary-percent", "10").out().trim();
        assertThat(stage().getSpec().getCanary().getDeploymentRef()).isEqualTo(canary);
        assertThat(stage().getSpec().getCanary().getPercentTraffic()).isEqualTo(10.0);
        assertThat(DeploymentHistory.pinnedTo(stage())).isEqualTo(first);

        Run list = deployments();
        assertThat(list.out().lines().map(l -> l.substring(0, l.indexOf(' ')))).containsExactly(canary, first);
        assertThat(list.out().lines().toList().get(0)).contains("  prod/canary");

        assertThat(deploy("prod", "--promote-canary").out()).isEqualTo(canary + "\n");
        assertThat(DeploymentHistory.pinnedTo(stage())).isEqualTo(canary);
        assertThat(stage().getSpec().getCanary()).isNull();

        Run refused = deployments("--delete", canary);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(client.resources(ApiDeployment.class)
                        .inNamespace(NS)
                        .withName(canary)
                        .get())
                .isNotNull();

        Run pruned = deployments("--prune", "--keep", "0");
        assertThat(pruned.out().trim()).isEqualTo(first);
        assertThat(client.resources(ApiDeployment.class).inNamespace(NS).list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .containsExactly(canary);
    }

    @Test
    void aStageOfAnotherApiOrAnUnknownDeploymentIsRefusedWithoutAWrite() {
        Run unknownStage = deploy("beta");
        assertThat(unknownStage.code()).isEqualTo(1);
        assertThat(unknownStage.err()).contains("RestApi petstore has no stage named beta");
        Run unknownDeployment = deploy("prod", "--deployment", "nope00");
        assertThat(unknownDeployment.code()).isEqualTo(1);
        assertThat(unknownDeployment.err()).contains("no ApiDeployment nope00 of RestApi petstore");
        assertThat(stage().getSpec().getDeployment()).isNull();
        assertThat(client.resources(ApiDeployment.class).inNamespace(NS).list().getItems())
                .isEmpty();
    }
}
