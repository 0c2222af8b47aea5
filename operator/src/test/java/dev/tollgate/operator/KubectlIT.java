package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.testing.DiscoverySetup;
import dev.tollgate.operator.testing.Repo;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own tool: the real kubectl against the mock API server (with test discovery documents). */
@QuarkusTest
@WithKubernetesTestServer(setup = DiscoverySetup.class)
class KubectlIT {
    static final String NS = "kubectl-demo";

    @Inject
    KubernetesClient operatorClient;

    @TempDir
    Path home;

    Path kubeconfig;

    record Result(int exit, String out) {}

    @BeforeEach
    void kubeconfig() throws IOException {
        kubeconfig = home.resolve("config");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters:",
                        "- name: mock",
                        "  cluster:",
                        "    server: "
                                + operatorClient
                                        .getConfiguration()
                                        .getMasterUrl()
                                        .replaceAll("/$", ""),
                        "    insecure-skip-tls-verify: true",
                        "users:",
                        "- name: user",
                        "  user:",
                        "    token: test",
                        "contexts:",
                        "- name: mock",
                        "  context:",
                        "    cluster: mock",
                        "    user: user",
                        "    namespace: " + NS,
                        "current-context: mock",
                        ""));
    }

    Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                home.resolve("cache").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish: " + command);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out);
    }

    @Test
    void kubectlAppliesTheCrdsAndSamplesAndShowsStatus() throws Exception {
        Path root = Repo.root();
        Result crds = kubectl(
                "apply",
                "--validate=false",
                "-f",
                root.resolve("helm/tollgate/crds").toString());
        assertThat(crds.exit()).as(crds.out()).isZero();
        Result samples = kubectl(
                "apply",
                "--validate=false",
                "-f",
                root.resolve("config/samples").toString());
        assertThat(samples.exit()).as(samples.out()).isZero();
        assertThat(samples.out()).contains("restapi.apigateway.tollgate.dev/petstore created");

        KubernetesClient client = TestClients.user(operatorClient);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.configMaps()
                                .inNamespace(NS)
                                .withName(DataPlaneNames.configMap("gateway"))
                                .get()
                        != null);

        Result list = kubectl("get", "restapis");
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains("petstore");
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl(
                        "get",
                        "restapi",
                        "petstore",
                        "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Accepted\")].status}")
                .out()
                .equals("True"));
        // Statuses are written kind by kind: the Stage's may follow the RestApi's.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !kubectl("get", "stage", "petstore-prod", "-o", "jsonpath={.status.conditions[*].type}")
                        .out()
                        .isEmpty());
        Result stage = kubectl("get", "stage", "petstore-prod", "-o", "jsonpath={.status.conditions[*].type}");
        assertThat(stage.out()).isEqualTo("Accepted Programmed");
    }
}
