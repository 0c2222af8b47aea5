package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.crds.v1alpha1.UsagePlanKeyUsage;
import dev.tollgate.crds.v1alpha1.UsagePlanUsage;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.JavaProcess;
import dev.tollgate.operator.testing.Ports;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * UsagePlan usage in status: the operator, on the mock API server, reads the {@code /usage} admin
 * endpoint of a real local-mode data plane on 127.0.0.1 (found as the Gateway's running pod, as in a
 * cluster) and writes each key's usage of the current quota period into the plan's status.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class UsagePlanUsageIT {
    static final String NS = "usage";
    static final String ALICE = "alice-usage-key-0123456789abcdef";
    static final String BOB = "bob-usage-key-0123456789abcdef";

    @Inject
    KubernetesClient operatorClient;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    int get(int port, String key) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prod/items"))
                                .header("Host", "shop." + NS + ".execute-api.localhost")
                                .header("x-api-key", key)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** The Gateway's data plane pod as the kubelet reports it: running on 127.0.0.1, admin on {@code admin}. */
    static Pod dataPlanePod(int admin) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("tollgate-gateway-0")
                .withNamespace(NS)
                .withLabels(
                        Map.of("app.kubernetes.io/name", "tollgate-dataplane", "app.kubernetes.io/instance", "gateway"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("dataplane")
                .withImage("tollgate/dataplane:test")
                .addNewPort()
                .withName("admin")
                .withContainerPort(admin)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build();
    }

    Map<String, String> usage(KubernetesClient client) {
        UsagePlan plan = client.resources(UsagePlan.class)
                .inNamespace(NS)
                .withName("gold")
                .get();
        Map<String, String> out = new TreeMap<>();
        UsagePlanUsage usage =
                plan.getStatus() == null ? null : plan.getStatus().getUsage();
        if (usage != null) {
            out.put("limit", String.valueOf(usage.getLimit()));
            for (UsagePlanKeyUsage k : usage.getKeys()) {
                out.put(k.getApiKey(), k.getUsed() + "/" + k.getRemaining());
            }
        }
        return out;
    }

    @Test
    void eachKeysUsageOfTheQuotaPeriodReachesThePlanStatusAndFollowsTraffic() throws Exception {
        KubernetesClient client = TestClients.user(operatorClient);
        Path folder = Files.createTempDirectory("tollgate-usage");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/usage.yaml")) {
            Files.copy(in, folder.resolve("usage.yaml"));
        }
        int port = Ports.free();
        int admin = Ports.free();
        List<String> args = List.of(
                "local",
                folder.toString(),
                "--port",
                String.valueOf(port),
                "--admin-port",
                String.valueOf(admin),
                "--bind",
                "127.0.0.1");
        try (JavaProcess dataPlane = JavaProcess.dataPlane("usage-dataplane", Map.of(), args, port)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(port, ALICE) == 200);
            Fixtures.apply(client, "usage.yaml");
            operatorClient.pods().inNamespace(NS).resource(dataPlanePod(admin)).create();
            for (int i = 1; i < 3; i++) {
                assertThat(get(port, ALICE)).isEqualTo(200);
            }
            assertThat(get(port, BOB)).isEqualTo(200);
            long generation = client.resources(UsagePlan.class)
                    .inNamespace(NS)
                    .withName("gold")
                    .get()
                    .getMetadata()
                    .getGeneration();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> usage(client), u -> u.equals(Map.of("limit", "100", "alice", "3/97", "bob", "1/99")));

            for (int i = 0; i < 2; i++) {
                assertThat(get(port, ALICE)).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> usage(client).get("alice"), "5/95"::equals);

            UsagePlan plan = client.resources(UsagePlan.class)
                    .inNamespace(NS)
                    .withName("gold")
                    .get();
            // The reconciler's conditions stay; the spec (and so the generation) is untouched.
            assertThat(plan.getStatus().getConditions())
                    .extracting(c -> c.getType())
                    .contains(Crds.CONDITION_ACCEPTED);
            assertThat(plan.getMetadata().getGeneration()).isEqualTo(generation);
            assertThat(plan.getStatus().getUsage().getPeriodStart()).endsWith("T00:00:00Z");
            assertThat(plan.getStatus().getUsage().getUpdatedAt()).isNotNull();
        }
    }
}
