package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.Statuses;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments in a cluster (the mock API server): the operator reads ApiDeployments as the deploy
 * command writes them, checks their content id, serves a pinned stage from its deployment whatever
 * happens to the RestApi, shows the served and previous deployment in the Stage's status, and keeps
 * a deleted deployment a stage still pins serving, with a warning.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class DeploymentsIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient operatorClient;

    KubernetesClient client;

    @BeforeEach
    void userClient() {
        client = TestClients.user(operatorClient);
    }

    GatewayConfig config(String namespace) {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(DataPlaneNames.configMap("gateway"))
                .get();
        return cm == null ? null : IrJson.fromJson(cm.getData().get("config.json"));
    }

    StageConfig prod(String namespace) {
        GatewayConfig config = config(namespace);
        if (config == null) {
            return null;
        }
        return config.apis().stream()
                .filter(a -> a.name().equals("shop"))
                .flatMap(a -> a.stages().stream())
                .filter(s -> s.name().equals("prod"))
                .findFirst()
                .orElse(null);
    }

    /** The body the prod stage's MOCK /health answers in the published config. */
    String health(String namespace) {
        StageConfig stage = prod(namespace);
        if (stage == null) {
            return null;
        }
        return stage.routes().stream()
                .filter(r -> r.resourcePath().equals("/health"))
                .map(r -> ((MockIntegrationConfig) r.integration())
                        .responses()
                        .get(0)
                        .responseTemplates()
                        .get("application/json"))
                .findFirst()
                .orElse(null);
    }

    RestApi shop(String ns) {
        return client.resources(RestApi.class).inNamespace(ns).withName("shop").get();
    }

    /** What the deploy command does: a deployment of the RestApi as it is, and the stage pinned to it. */
    String deploy(String ns, String name) {
        List<Integration> integrations =
                client.resources(Integration.class).inNamespace(ns).list().getItems();
        ApiDeployment d = DeploymentSnapshots.newDeployment(name, shop(ns), integrations, name, Instant.now());
        client.resource(d).inNamespace(ns).create();
        pin(ns, name);
        return name;
    }

    void pin(String ns, String name) {
        client.resources(Stage.class).inNamespace(ns).withName("shop-prod").edit(s -> {
            Stage pinned = StageReleases.pinned(s, name, null);
            s.getSpec().setDeployment(pinned.getSpec().getDeployment());
            return s;
        });
    }

    void editHealth(String ns, String body) {
        client.resources(RestApi.class).inNamespace(ns).withName("shop").edit(api -> {
            api.getSpec()
                    .getResources()
                    .get(1)
                    .getMethods()
                    .get(0)
                    .getIntegration()
                    .getResponses()
                    .get(0)
                    .getResponseTemplates()
                    .put("application/json", body);
            return api;
        });
    }

    StageStatus stageStatus(String ns) {
        Stage s = client.resources(Stage.class)
                .inNamespace(ns)
                .withName("shop-prod")
                .get();
        return s == null ? null : s.getStatus();
    }

    @Test
    void aPinnedStageServesItsDeploymentAcrossRestApiEditsAndShowsWhatItServedBefore() {
        String ns = "pinned";
        Fixtures.apply(client, "team.yaml", ns);
        await().atMost(WAIT).until(() -> "{\"status\": \"ok\"}".equals(health(ns)));

        long start = System.nanoTime();
        String first = deploy(ns, "first1");
        await().atMost(WAIT)
                .until(() -> prod(ns) != null
                        && prod(ns).deployment() != null
                        && first.equals(prod(ns).deployment().name()));
        System.out.printf(
                "deploy to serving in the operator test (published config): %d ms%n",
                (System.nanoTime() - start) / 1_000_000);

        editHealth(ns, "{\"status\": \"edited\"}");
        await().atMost(WAIT).until(() -> {
            Condition c = Statuses.condition(client, RestApi.class, ns, "shop", Crds.CONDITION_ACCEPTED);
            return c != null && c.getObservedGeneration() != null && c.getObservedGeneration() >= 2;
        });
        assertThat(health(ns)).as("the edit is not deployed").isEqualTo("{\"status\": \"ok\"}");

        String second = deploy(ns, "second");
        await().atMost(WAIT).until(() -> "{\"status\": \"edited\"}".equals(health(ns)));
        await().atMost(WAIT)
                .until(() ->
                        stageStatus(ns) != null && second.equals(stageStatus(ns).getDeployment()));
        assertThat(stageStatus(ns).getPreviousDeployment()).isEqualTo(first);

        pin(ns, first);
        await().atMost(WAIT).until(() -> "{\"status\": \"ok\"}".equals(health(ns)));
        await().atMost(WAIT).until(() -> first.equals(stageStatus(ns).getDeployment()));
        assertThat(stageStatus(ns).getPreviousDeployment()).isEqualTo(second);
        Condition accepted = Statuses.condition(client, ApiDeployment.class, ns, first, Crds.CONDITION_ACCEPTED);
        assertThat(accepted).isNotNull();
        assertThat(accepted.getStatus()).isEqualTo("True");
    }

    @Test
    void aSnapshotChangedAfterItsContentIdWasTakenIsRefusedAndItsStageKeepsItsOldDeployment() {
        String ns = "tampered";
        Fixtures.apply(client, "team.yaml", ns);
        String good = deploy(ns, "good01");
        await().atMost(WAIT)
                .until(() -> prod(ns) != null
                        && prod(ns).deployment() != null
                        && good.equals(prod(ns).deployment().name()));

        // Where no CEL rule runs (this mock server), a deployment can be written with a snapshot that
        // is not what its content id says.
        List<Integration> integrations =
                client.resources(Integration.class).inNamespace(ns).list().getItems();
        ApiDeployment bad = DeploymentSnapshots.newDeployment("bad001", shop(ns), integrations, null, Instant.now());
        bad.getSpec().getSnapshot().getRestApi().getResources().remove(0);
        client.resource(bad).inNamespace(ns).create();
        await().atMost(WAIT).until(() -> {
            Condition c = Statuses.condition(client, ApiDeployment.class, ns, "bad001", Crds.CONDITION_ACCEPTED);
            return c != null && "False".equals(c.getStatus());
        });
        Condition c = Statuses.condition(client, ApiDeployment.class, ns, "bad001", Crds.CONDITION_ACCEPTED);
        assertThat(c.getReason()).isEqualTo("InvalidValue");
        assertThat(c.getMessage())
                .startsWith("spec.contentId: contentId " + bad.getSpec().getContentId());

        pin(ns, "bad001");
        await().atMost(WAIT).until(() -> {
            Condition s = Statuses.condition(client, Stage.class, ns, "shop-prod", Crds.CONDITION_ACCEPTED);
            return s != null
                    && "False".equals(s.getStatus())
                    && s.getMessage().contains("ApiDeployment bad001 has errors");
        });
        assertThat(stageStatus(ns).getDeployment())
                .as("the fields of a stage left out are kept")
                .isEqualTo(good);
    }

    @Test
    void aDeletedDeploymentAStageStillPinsKeepsServingWithAWarningOnTheStage() {
        String ns = "deleted";
        Fixtures.apply(client, "team.yaml", ns);
        String pinned = deploy(ns, "keep01");
        await().atMost(WAIT)
                .until(() -> prod(ns) != null
                        && prod(ns).deployment() != null
                        && pinned.equals(prod(ns).deployment().name()));
        editHealth(ns, "{\"status\": \"not deployed\"}");

        client.resources(ApiDeployment.class).inNamespace(ns).withName(pinned).delete();
        await().atMost(WAIT).until(() -> prod(ns).deployment().deleted());
        assertThat(health(ns)).isEqualTo("{\"status\": \"ok\"}");
        await().atMost(WAIT).until(() -> {
            Condition s = Statuses.condition(client, Stage.class, ns, "shop-prod", Crds.CONDITION_ACCEPTED);
            return s != null && s.getMessage().contains("was deleted");
        });
        Condition s = Statuses.condition(client, Stage.class, ns, "shop-prod", Crds.CONDITION_ACCEPTED);
        assertThat(s.getStatus()).isEqualTo("True");
        assertThat(s.getMessage())
                .contains(
                        "ApiDeployment " + pinned + " was deleted but is still pinned; it keeps serving its last copy");
        assertThat(client.resources(ApiDeployment.class)
                        .inNamespace(ns)
                        .withName(pinned)
                        .get())
                .isNull();
    }
}
