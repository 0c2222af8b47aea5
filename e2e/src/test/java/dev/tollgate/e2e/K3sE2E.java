package dev.tollgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The cluster path on a real Kubernetes: k3s in a container, the CRDs and the operator (ServiceAccount,
 * the chart's ClusterRole and binding, a Deployment of the operator image), the samples, a backend;
 * then a request through the data plane's Service. Needs a Docker engine, and skips with a message
 * where there is none. The set-up builds the two images itself, from the Dockerfiles docs/cluster.md
 * uses and the jars the reactor built before this module (its pom depends on both), so the test runs
 * wherever Docker does.
 */
class K3sE2E {
    /** Tags of this test's own (removed when the JVM exits), so a user's images are left alone. */
    static final String OPERATOR_IMAGE = "tollgate/operator:e2e";

    static final String DATAPLANE_IMAGE = "tollgate/dataplane:e2e";
    static final String NS = "shop";

    static Path repoRoot() {
        String root = System.getProperty("tollgate.repoRoot");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }

    /** A file the reactor built, or a failure naming the command that builds it. */
    static Path built(String relative) {
        Path path = repoRoot().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException(
                    path + " is missing: build it first (mvn -B -DskipTests -pl dataplane,operator -am package)");
        }
        return path;
    }

    /**
     * Builds an image from a Dockerfile of the repository, with a build context of only the files it
     * copies (paths as from the repository root, as {@code docker build -f <dockerfile> .} sees them).
     */
    static String buildImage(String tag, String dockerfile, String... contextPaths) {
        ImageFromDockerfile image = new ImageFromDockerfile(tag, true)
                .withDockerfilePath(dockerfile)
                .withFileFromPath(dockerfile, built(dockerfile));
        for (String path : contextPaths) {
            image.withFileFromPath(path, built(path));
        }
        return image.get();
    }

    @Test
    void samplesAppliedToK3sServeTraffic() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            docker = false;
        }
        assumeTrue(docker, "No Docker engine here: the k3s end-to-end test is skipped (it needs Docker).");
        buildImage(DATAPLANE_IMAGE, "dataplane/Dockerfile", "dataplane/target/tollgate-dataplane.jar");
        buildImage(OPERATOR_IMAGE, "operator/src/main/docker/Dockerfile.jvm", "operator/target/quarkus-app");

        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.32.4-k3s1"))) {
            k3s.start();
            for (String image : List.of(OPERATOR_IMAGE, DATAPLANE_IMAGE)) {
                Path tar = Files.createTempFile("image", ".tar");
                try (InputStream in = DockerClientFactory.instance()
                        .client()
                        .saveImageCmd(image)
                        .exec()) {
                    Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
                }
                k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
                var result = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
                assertThat(result.getExitCode()).as(result.getStderr()).isZero();
            }
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                    .build()) {
                installOperator(client);
                client.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NS)
                                .endMetadata()
                                .build())
                        .create();
                client.resource(backend()).inNamespace(NS).create();
                Instant created = Instant.now();
                try (Stream<Path> samples = Files.list(repoRoot().resolve("config/samples"))) {
                    for (Path f : samples.sorted().toList()) {
                        try (InputStream in = Files.newInputStream(f)) {
                            for (HasMetadata item : client.load(in).items()) {
                                client.resource(item).inNamespace(NS).create();
                            }
                        }
                    }
                }
                waitUntil(Duration.ofMinutes(5), () -> {
                    RestApi api = client.resources(RestApi.class)
                            .inNamespace(NS)
                            .withName("petstore")
                            .get();
                    return api != null && programmed(api.getStatus());
                });
                try (LocalPortForward pf = client.services()
                        .inNamespace(NS)
                        .withName("tollgate-gateway")
                        .portForward(80)) {
                    HttpClient http = HttpClient.newHttpClient();
                    HttpResponse<String>[] last = new HttpResponse[1];
                    waitUntil(Duration.ofMinutes(2), () -> {
                        last[0] = http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + pf.getLocalPort() + "/prod/pets"))
                                        .header("Host", "petstore." + NS + ".execute-api.localhost")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        return last[0].statusCode() == 200;
                    });
                    assertThat(last[0].body()).contains("dog");
                    System.out.println("k3s: create to first served request: "
                            + Duration.between(created, Instant.now()).toMillis() + " ms");
                }
                deploymentsAreImmutable(client);
            }
        }
    }

    /** A real API server runs the ApiDeployment CRD's CEL rule: any change of a deployment's spec is refused. */
    static void deploymentsAreImmutable(KubernetesClient client) throws Exception {
        String yaml = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: ApiDeployment",
                "metadata: {name: frozen1}",
                "spec:",
                "  restApiRef: petstore",
                "  contentId: " + "0".repeat(64),
                "  snapshot:",
                "    restApi: {resources: [{path: /x, methods: [{httpMethod: GET, integration: {integrationRef: mock}}]}]}",
                "");
        HasMetadata deployment = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items()
                .get(0);
        client.resource(deployment).inNamespace(NS).create();
        KubernetesClientException refused = null;
        try {
            client.genericKubernetesResources(Crds.API_VERSION, "ApiDeployment")
                    .inNamespace(NS)
                    .withName("frozen1")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"description\":\"changed\"}}");
        } catch (KubernetesClientException e) {
            refused = e;
        }
        assertThat(refused).as("a change of an ApiDeployment's spec").isNotNull();
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("an ApiDeployment is immutable");
    }

    static boolean programmed(ResourceStatus status) {
        return status != null
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> Crds.CONDITION_PROGRAMMED.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** CRDs, then the chart's RBAC (templates without Helm directives beyond the namespace) and the operator. */
    static void installOperator(KubernetesClient client) throws Exception {
        try (Stream<Path> crds = Files.list(repoRoot().resolve("helm/tollgate/crds"))) {
            for (Path f : crds.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    client.load(in).serverSideApply();
                }
            }
        }
        String ns = "tollgate-system";
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        for (String t : List.of("serviceaccount.yaml", "clusterrole.yaml", "clusterrolebinding.yaml")) {
            String yaml = Files.readString(
                            repoRoot().resolve("helm/tollgate/templates").resolve(t))
                    .replace("{{ .Release.Namespace }}", ns);
            client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                    .inNamespace(ns)
                    .create();
        }
        Deployment operator = new DeploymentBuilder()
                .withNewMetadata()
                .withName("tollgate-operator")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(Map.of("app.kubernetes.io/name", "tollgate-operator"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app.kubernetes.io/name", "tollgate-operator"))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("tollgate-operator")
                .addNewContainer()
                .withName("operator")
                .withImage(OPERATOR_IMAGE)
                .withImagePullPolicy("Never")
                .addNewEnv()
                .withName("TOLLGATE_DATAPLANE_IMAGE")
                .withValue(DATAPLANE_IMAGE)
                .endEnv()
                .addNewEnv()
                .withName("TOLLGATE_LEADER_ELECTION_NAMESPACE")
                .withValue(ns)
                .endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        client.resource(operator).create();
    }

    /** The samples' pets-backend: the data plane image's echo server. */
    static Deployment backend() {
        Map<String, String> labels = Map.of("app", "pets-backend");
        Deployment d = new DeploymentBuilder()
                .withNewMetadata()
                .withName("pets-backend")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("echo")
                .withImage(DATAPLANE_IMAGE)
                .withImagePullPolicy("Never")
                .withArgs("echo", "--port", "8080", "--bind", "0.0.0.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        return d;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Duration limit, Check check) throws Exception {
        Instant end = Instant.now().plus(limit);
        Exception last = null;
        while (Instant.now().isBefore(end)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not reached within " + limit, last);
    }
}
