package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.GatedCompileCounter;
import dev.tollgate.operator.testing.Statuses;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Gateway's children as a workflow of dependents on the mock API server (no garbage collection,
 * no server-side apply): a child deleted or edited by hand is written back by the reconcile its own
 * watch event triggers, an unchanged child is never rewritten, conditional children come and go with
 * what they depend on, and a child the API server refuses shows in the Gateway's status.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class DataPlaneWorkflowIT {
    /**
     * Generous for a shared 2-core machine; the repair follows the child's own watch event, so it
     * comes in well under a second when the machine is idle. Nothing periodic could meet it: the SDK's
     * periodic reconcile is hours apart.
     */
    static final Duration HEALED = Duration.ofSeconds(20);

    @Inject
    KubernetesClient operatorClient;

    @Inject
    GatedCompileCounter compiles;

    @KubernetesTestServer
    KubernetesServer server;

    KubernetesClient client;

    @BeforeEach
    void userClient() {
        client = TestClients.user(operatorClient);
    }

    /**
     * Applies team.yaml (a Gateway with 2 replicas, an API and its Stage) and waits until a reconcile
     * compiled all of it: the Stage has a status, and the Deployment exists.
     */
    void team(String namespace) {
        Fixtures.apply(client, "team.yaml", namespace);
        await().atMost(HEALED)
                .until(() ->
                        Statuses.condition(client, Stage.class, namespace, "shop-prod", Crds.CONDITION_ACCEPTED) != null
                                && deployment(namespace) != null);
    }

    Deployment deployment(String namespace) {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(DataPlaneNames.base("gateway"))
                .get();
    }

    PodDisruptionBudget budget(String namespace) {
        return client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName(DataPlaneNames.base("gateway"))
                .get();
    }

    Gateway gateway(String namespace) {
        return client.resources(Gateway.class)
                .inNamespace(namespace)
                .withName("gateway")
                .get();
    }

    @Test
    void deletedDeploymentIsRecreated() {
        team("heal-deployment");
        String uid = deployment("heal-deployment").getMetadata().getUid();
        client.resource(deployment("heal-deployment")).delete();
        await().atMost(HEALED).until(() -> {
            Deployment d = deployment("heal-deployment");
            return d != null && !uid.equals(d.getMetadata().getUid());
        });
        assertThat(deployment("heal-deployment").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void editedServicePortsAreRestored() {
        team("heal-service");
        String name = DataPlaneNames.base("gateway");
        await().atMost(HEALED)
                .until(() -> client.services()
                                .inNamespace("heal-service")
                                .withName(name)
                                .get()
                        != null);
        client.services().inNamespace("heal-service").withName(name).edit(s -> {
            s.getSpec().getPorts().get(0).setPort(8081);
            s.getSpec()
                    .getPorts()
                    .add(new ServicePortBuilder()
                            .withName("debug")
                            .withPort(9999)
                            .build());
            return s;
        });
        await().atMost(HEALED).until(() -> {
            List<ServicePort> ports = client.services()
                    .inNamespace("heal-service")
                    .withName(name)
                    .get()
                    .getSpec()
                    .getPorts();
            return ports.size() == 1 && ports.get(0).getPort() == 80;
        });
    }

    @Test
    void editedRoleIsRestored() {
        team("heal-role");
        List<PolicyRule> wanted = DataPlaneResources.role(gateway("heal-role")).getRules();
        client.rbac()
                .roles()
                .inNamespace("heal-role")
                .withName(DataPlaneNames.base("gateway"))
                .edit(r -> {
                    // Widen the data plane's rights: every Secret of the namespace, and writes.
                    List<PolicyRule> rules = new ArrayList<>(r.getRules());
                    rules.get(1).setResourceNames(List.of());
                    rules.get(1).setVerbs(List.of("get", "list", "watch", "update"));
                    r.setRules(rules);
                    return r;
                });
        await().atMost(HEALED).until(() -> {
            Role r = client.rbac()
                    .roles()
                    .inNamespace("heal-role")
                    .withName(DataPlaneNames.base("gateway"))
                    .get();
            return r != null && wanted.equals(r.getRules());
        });
    }

    @Test
    void deletedDisruptionBudgetIsRecreatedAndGoesWhenOnlyOneReplicaIsLeft() {
        team("heal-budget");
        await().atMost(HEALED).until(() -> budget("heal-budget") != null);
        String uid = budget("heal-budget").getMetadata().getUid();
        client.resource(budget("heal-budget")).delete();
        await().atMost(HEALED).until(() -> {
            PodDisruptionBudget b = budget("heal-budget");
            return b != null && !uid.equals(b.getMetadata().getUid());
        });

        // One replica: no pod can be kept available, so no budget (the operator deletes it: the mock
        // API server has no garbage collector, and a real one would not delete a child of a live owner).
        client.resources(Gateway.class)
                .inNamespace("heal-budget")
                .withName("gateway")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
        await().atMost(HEALED).until(() -> budget("heal-budget") == null);
        await().atMost(HEALED).until(() -> deployment("heal-budget").getSpec().getReplicas() == 1);
    }

    @Test
    void secretExistsOnlyWhileTheConfigReferencesSecretValues() {
        team("secret-when-needed");
        Supplier<HasMetadata> secret = () -> client.secrets()
                .inNamespace("secret-when-needed")
                .withName(DataPlaneNames.secret("gateway"))
                .get();
        assertThat(secret.get()).isNull();
        Fixtures.apply(client, "domain-tls.yaml", "secret-when-needed");
        await().atMost(HEALED).until(() -> secret.get() != null);
        client.resources(DomainName.class)
                .inNamespace("secret-when-needed")
                .withName("shop-domain")
                .delete();
        await().atMost(HEALED).until(() -> secret.get() == null);
    }

    @Test
    void unchangedChildrenAreNotRewrittenWhenTheNamespaceRecompiles() {
        team("steady");
        await().atMost(HEALED).until(() -> budget("steady") != null);
        Map<String, String> versions = childVersions("steady");
        assertThat(versions).hasSize(8); // no Secret: nothing references a Secret value

        // Two recompiles, one after the other, that change nothing the children hold. Reconciles of a
        // namespace never overlap, so once the second compile began the first reconcile has written
        // all it would have.
        for (String name : List.of("unrelated-1", "unrelated-2")) {
            long compiled = compiles.count("steady");
            client.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace("steady")
                            .endMetadata()
                            .withStringData(Map.of("k", "v"))
                            .build())
                    .create();
            await().atMost(HEALED).until(() -> compiles.count("steady") > compiled);
        }
        assertThat(childVersions("steady")).isEqualTo(versions);
    }

    Map<String, String> childVersions(String namespace) {
        Map<String, String> out = new TreeMap<>();
        List<HasMetadata> children = new ArrayList<>();
        String base = DataPlaneNames.base("gateway");
        children.add(
                client.serviceAccounts().inNamespace(namespace).withName(base).get());
        children.add(client.rbac().roles().inNamespace(namespace).withName(base).get());
        children.add(client.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .withName(base)
                .get());
        children.add(client.configMaps()
                .inNamespace(namespace)
                .withName(DataPlaneNames.configMap("gateway"))
                .get());
        children.add(client.configMaps()
                .inNamespace(namespace)
                .withName(DataPlaneNames.statusConfigMap("gateway"))
                .get());
        children.add(client.secrets()
                .inNamespace(namespace)
                .withName(DataPlaneNames.secret("gateway"))
                .get());
        children.add(deployment(namespace));
        children.add(client.services().inNamespace(namespace).withName(base).get());
        children.add(budget(namespace));
        for (HasMetadata child : children) {
            if (child != null) {
                out.put(
                        child.getKind() + "/" + child.getMetadata().getName(),
                        child.getMetadata().getResourceVersion());
            }
        }
        return out;
    }

    @Test
    void configMapTheApiServerRefusesIsInTheGatewayStatusAndNothingThatNeedsItIsWritten() {
        // As a real API server answers a ConfigMap over its 1 MiB limit; the mock enforces no limit.
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/too-big/configmaps")
                .andReturn(
                        422,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Invalid")
                                .withCode(422)
                                .withMessage("ConfigMap \"tollgate-gateway-config\" is invalid: []: Too long: "
                                        + "must have at most 1048576 bytes")
                                .build())
                .always();
        Fixtures.apply(client, "team.yaml", "too-big");

        Condition programmed = awaitWriteFailed("too-big");
        assertThat(programmed.getMessage())
                .contains("ConfigMap " + DataPlaneNames.configMap("gateway"))
                .contains("Too long: must have at most 1048576 bytes")
                .contains("HTTP 422");
        assertThat(Statuses.condition(client, Gateway.class, "too-big", "gateway", Crds.CONDITION_ACCEPTED)
                        .getStatus())
                .isEqualTo("True");
        // The other kinds' statuses are still written, and the pods that would read the config are not.
        await().atMost(HEALED)
                .until(() ->
                        Statuses.condition(client, RestApi.class, "too-big", "shop", Crds.CONDITION_ACCEPTED) != null);
        assertThat(deployment("too-big")).isNull();
    }

    @Test
    void childOfTheSameNameSomeoneElseMadeIsLeftAloneAndTheConflictIsInTheGatewayStatus() {
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(DataPlaneNames.configMap("gateway"))
                        .withNamespace("taken")
                        .endMetadata()
                        .withData(Map.of("owner", "someone else"))
                        .build())
                .create();
        Fixtures.apply(client, "team.yaml", "taken");

        Condition programmed = awaitWriteFailed("taken");
        assertThat(programmed.getMessage())
                .contains("ConfigMap " + DataPlaneNames.configMap("gateway"))
                .contains("already exists")
                .contains("HTTP 409");
        assertThat(client.configMaps()
                        .inNamespace("taken")
                        .withName(DataPlaneNames.configMap("gateway"))
                        .get()
                        .getData())
                .isEqualTo(Map.of("owner", "someone else"));

        // Its owner removes it; the next change of the Gateway writes the children and clears the failure.
        client.configMaps()
                .inNamespace("taken")
                .withName(DataPlaneNames.configMap("gateway"))
                .delete();
        client.resources(Gateway.class)
                .inNamespace("taken")
                .withName("gateway")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
        await().atMost(HEALED).until(() -> deployment("taken") != null);
        await().atMost(HEALED).until(() -> {
            Condition c = Statuses.condition(client, Gateway.class, "taken", "gateway", Crds.CONDITION_PROGRAMMED);
            return c != null && !StatusAggregator.REASON_WRITE_FAILED.equals(c.getReason());
        });
    }

    Condition awaitWriteFailed(String namespace) {
        await().atMost(HEALED).until(() -> {
            Condition c = Statuses.condition(client, Gateway.class, namespace, "gateway", Crds.CONDITION_PROGRAMMED);
            return c != null && StatusAggregator.REASON_WRITE_FAILED.equals(c.getReason());
        });
        Condition c = Statuses.condition(client, Gateway.class, namespace, "gateway", Crds.CONDITION_PROGRAMMED);
        assertThat(c.getStatus()).isEqualTo("False");
        return c;
    }
}
