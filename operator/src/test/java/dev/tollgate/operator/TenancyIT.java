package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one namespace's users can reach through the operator, against the mock API server: the
 * data plane's review binding follows AWS_IAM routes, Secrets of namespaces without a Gateway are
 * never cached, and a Gateway's {@code spec.image} does not run unless the operator permits it.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class TenancyIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient operatorClient;

    @Inject
    GatewayReconciler reconciler;

    KubernetesClient client;

    @BeforeEach
    void user() {
        client = TestClients.user(operatorClient);
    }

    ClusterRoleBinding binding(String namespace) {
        return client.rbac()
                .clusterRoleBindings()
                .withName(DataPlaneNames.reviewsBinding(namespace, "gateway"))
                .get();
    }

    @Test
    void reviewBindingExistsExactlyWhileTheNamespaceHasAwsIamRoutesAndIsWrittenBackWhenEdited() {
        String ns = "iam-team";
        Fixtures.apply(client, "gateway-only.yaml", ns);
        Fixtures.apply(client, "rbac-extra.yaml", ns);
        await().atMost(WAIT).until(() -> binding(ns) != null);
        ClusterRoleBinding made = binding(ns);
        assertThat(made.getRoleRef().getName()).isEqualTo(DataPlaneNames.REVIEWS_CLUSTER_ROLE);
        assertThat(made.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(DataPlaneNames.base("gateway"));
            assertThat(s.getNamespace()).isEqualTo(ns);
        });
        // Someone adds a subject of their own: the binding is written back to the data plane only.
        client.rbac()
                .clusterRoleBindings()
                .withName(made.getMetadata().getName())
                .edit(b -> {
                    b.getSubjects()
                            .add(new SubjectBuilder()
                                    .withKind("ServiceAccount")
                                    .withName("intruder")
                                    .withNamespace(ns)
                                    .build());
                    return b;
                });
        await().atMost(WAIT).until(() -> binding(ns).getSubjects().size() == 1);
        client.resources(RestApi.class).inNamespace(ns).withName("iam-api").delete();
        await().atMost(WAIT).until(() -> binding(ns) == null);
    }

    @Test
    void secretsOfNamespacesWithoutAGatewayAreNeverCached() {
        String ns = "secret-team";
        Fixtures.apply(client, "gateway-only.yaml", ns);
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("unrelated")
                        .withNamespace("no-gateway-here")
                        .endMetadata()
                        .withStringData(Map.of("password", "hunter2"))
                        .build())
                .create();
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("related")
                        .withNamespace(ns)
                        .endMetadata()
                        .withStringData(Map.of("tls.crt", "x"))
                        .build())
                .create();
        await().atMost(WAIT).until(() -> reconciler.cachedSecret(ns, "related").isPresent());
        assertThat(reconciler.cachedSecret("no-gateway-here", "unrelated")).isEmpty();
        // The Secret arrived after the informer of its namespace was running, and still is not held.
        client.secrets()
                .inNamespace("no-gateway-here")
                .withName("unrelated")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"stringData\":{\"password\":\"changed\"}}");
        await().atMost(WAIT).until(() -> reconciler.cachedSecret(ns, "related").isPresent());
        assertThat(reconciler.cachedSecret("no-gateway-here", "unrelated")).isEmpty();
    }

    @Test
    void gatewayImageIsIgnoredWithAWarningAndTheOperatorsImageRuns() {
        String ns = "image-team";
        Fixtures.apply(client, "gateway-only.yaml", ns);
        client.resources(Gateway.class)
                .inNamespace(ns)
                .withName("gateway")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"image\":\"attacker/shell:latest\"}}");
        await().atMost(WAIT).until(() -> {
            var status = client.resources(Gateway.class)
                    .inNamespace(ns)
                    .withName("gateway")
                    .get()
                    .getStatus();
            var accepted = StatusAggregator.find(status, Crds.CONDITION_ACCEPTED);
            return accepted != null && accepted.getMessage().contains("spec.image");
        });
        var deployment = client.apps()
                .deployments()
                .inNamespace(ns)
                .withName(DataPlaneNames.base("gateway"))
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("tollgate/dataplane:0.1.0");
        assertThat(StatusAggregator.find(
                                client.resources(Gateway.class)
                                        .inNamespace(ns)
                                        .withName("gateway")
                                        .get()
                                        .getStatus(),
                                Crds.CONDITION_ACCEPTED)
                        .getMessage())
                .contains("ignored");
    }
}
