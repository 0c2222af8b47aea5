package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageDeployment;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.StageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pinned stage compiles from its deployment's snapshot, not from the RestApi: the same snapshot
 * gives the same IR whatever the RestApi becomes, and a snapshot taken now serves what the RestApi
 * serves now.
 */
class PinnedDeploymentsTest {
    private static final String API =
            """
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: RestApi
            metadata: {name: shop}
            spec:
              gatewayResponses:
                - type: MISSING_AUTHENTICATION_TOKEN
                  statusCode: 404
              resources:
                - path: /items
                  methods:
                    - httpMethod: GET
                      integration: {integrationRef: backend}
                - path: /items/{id}
                  methods:
                    - httpMethod: GET
                      integration:
                        integrationRef: backend
                        path: /v1/items/{id}
                        requestParameters: {integration.request.path.id: method.request.path.id}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: backend}
            spec:
              type: HTTP
              url: http://${stageVariables.host}:8080
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: unrelated}
            spec: {type: MOCK}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Stage
            metadata: {name: live}
            spec:
              restApiRef: shop
              variables: {host: backend.local}
            """;

    @Test
    void aSnapshotTakenNowServesExactlyWhatTheRestApiServesNow() {
        NamespaceSnapshot now = TestInputs.snapshot(API, "default");
        ApiDeployment deployment = deploymentOf(now, "d1");
        NamespaceSnapshot pinned = withPinnedStage(now, deployment, "pinned");

        CompileResult result = new Compiler().compile(pinned);

        assertThat(result.hasErrors()).as("%s", result.findings()).isFalse();
        StageConfig live = stage(result, "live");
        StageConfig fromSnapshot = stage(result, "pinned");
        assertThat(fromSnapshot.routes()).isEqualTo(live.routes());
        assertThat(fromSnapshot.deployment().name()).isEqualTo("d1");
        assertThat(fromSnapshot.deployment().contentId())
                .isEqualTo(deployment.getSpec().getContentId());
        assertThat(fromSnapshot.deployment().gatewayResponses())
                .isEqualTo(api(result).gatewayResponses());
        assertThat(live.deployment()).isNull();
    }

    @Test
    void editsOfTheRestApiAndItsIntegrationsLeaveAPinnedStageAsItWas() {
        NamespaceSnapshot before = TestInputs.snapshot(API, "default");
        ApiDeployment deployment = deploymentOf(before, "d1");
        StageConfig pinnedBefore =
                stage(new Compiler().compile(withPinnedStage(before, deployment, "pinned")), "pinned");

        NamespaceSnapshot edited = TestInputs.snapshot(
                API.replace("path: /v1/items/{id}", "path: /v2/items/{id}")
                        .replace("- path: /items\n", "- path: /things\n")
                        .replace("url: http://${stageVariables.host}:8080", "url: http://elsewhere.local:9090"),
                "default");
        CompileResult after = new Compiler().compile(withPinnedStage(edited, deployment, "pinned"));

        assertThat(after.hasErrors()).as("%s", after.findings()).isFalse();
        assertThat(stage(after, "pinned")).isEqualTo(pinnedBefore);
        assertThat(stage(after, "live").routes()).isNotEqualTo(pinnedBefore.routes());
    }

    @Test
    void theSameSnapshotCompilesToByteIdenticalIrEveryTime() {
        NamespaceSnapshot snapshot = TestInputs.goldenSnapshot("deployment-canary-with-overrides");
        String first = IrJson.toJson(new Compiler().compile(snapshot).config());
        for (int i = 0; i < 3; i++) {
            assertThat(IrJson.toJson(new Compiler().compile(snapshot).config())).isEqualTo(first);
        }
    }

    @Test
    void aDeletedDeploymentStillPinnedKeepsServingItsLastCopyWithAWarningOnTheStage() {
        NamespaceSnapshot now = TestInputs.snapshot(API, "default");
        ApiDeployment deployment = deploymentOf(now, "d1");
        NamespaceSnapshot withIt = withPinnedStage(now, deployment, "pinned");
        StageConfig served = stage(new Compiler().compile(withIt), "pinned");

        NamespaceSnapshot deleted = withIt.withApiDeployments(List.of()).withDeletedApiDeployments(List.of(deployment));
        CompileResult result = new Compiler().compile(deleted);

        assertThat(result.hasErrors()).as("%s", result.findings()).isFalse();
        StageConfig still = stage(result, "pinned");
        assertThat(still.routes()).isEqualTo(served.routes());
        assertThat(still.deployment().deleted()).isTrue();
        assertThat(result.findingsFor(new ResourceRef("Stage", "default", "pinned")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.isError()).isFalse();
                    assertThat(f.field()).isEqualTo("spec.deployment.deploymentRef");
                    assertThat(f.message())
                            .isEqualTo(
                                    "ApiDeployment d1 was deleted but is still pinned; it keeps serving its last copy");
                });
    }

    @Test
    void aDeletedCopyIsIgnoredOnceNoStageNamesItOrAnApiDeploymentOfThatNameExists() {
        NamespaceSnapshot now = TestInputs.snapshot(API, "default");
        ApiDeployment deployment = deploymentOf(now, "d1");
        CompileResult unnamed = new Compiler().compile(now.withDeletedApiDeployments(List.of(deployment)));
        assertThat(unnamed.findings()).noneMatch(f -> f.resource().kind().equals("ApiDeployment"));

        NamespaceSnapshot recreated =
                withPinnedStage(now, deployment, "pinned").withDeletedApiDeployments(List.of(deploymentOf(now, "d1")));
        CompileResult result = new Compiler().compile(recreated);
        assertThat(stage(result, "pinned").deployment().deleted()).isFalse();
        assertThat(result.findings()).noneMatch(f -> f.message().contains("deleted"));
    }

    @Test
    void aSnapshotEditedAfterItsContentIdWasTakenIsRefusedAndItsStageLeftOut() {
        NamespaceSnapshot now = TestInputs.snapshot(API, "default");
        ApiDeployment deployment = deploymentOf(now, "d1");
        deployment.getSpec().getSnapshot().getIntegrations().get("backend").setUrl("http://evil.local:8080");

        CompileResult result = new Compiler().compile(withPinnedStage(now, deployment, "pinned"));

        assertThat(result.findingsFor(new ResourceRef("ApiDeployment", "default", "d1")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.isError()).isTrue();
                    assertThat(f.field()).isEqualTo("spec.contentId");
                    assertThat(f.message()).contains("the snapshot was changed after the deployment was made");
                });
        assertThat(api(result).stages()).extracting(StageConfig::name).containsExactly("live");
    }

    static ApiDeployment deploymentOf(NamespaceSnapshot snapshot, String name) {
        RestApi api = snapshot.restApis().get(0);
        List<Integration> integrations = snapshot.integrations();
        return DeploymentSnapshots.newDeployment(
                name, api, integrations, "test", Instant.parse("2026-12-01T10:00:00Z"));
    }

    static NamespaceSnapshot withPinnedStage(NamespaceSnapshot snapshot, ApiDeployment deployment, String stageName) {
        Stage stage = new Stage();
        stage.getMetadata().setName(stageName);
        stage.getMetadata().setNamespace(snapshot.namespace());
        stage.setSpec(new StageSpec());
        stage.getSpec().setRestApiRef(deployment.getSpec().getRestApiRef());
        stage.getSpec().setVariables(Map.of("host", "backend.local"));
        StageDeployment pin = new StageDeployment();
        pin.setMode(DeploymentMode.Pinned);
        pin.setDeploymentRef(deployment.getMetadata().getName());
        stage.getSpec().setDeployment(pin);
        List<Stage> stages = new ArrayList<>(snapshot.stages());
        stages.add(stage);
        List<ApiDeployment> deployments = new ArrayList<>(snapshot.apiDeployments());
        deployments.add(deployment);
        return snapshot.withStages(stages).withApiDeployments(deployments);
    }

    private static ApiConfig api(CompileResult result) {
        return result.config().apis().stream()
                .filter(a -> a.name().equals("shop"))
                .findFirst()
                .orElseThrow();
    }

    private static StageConfig stage(CompileResult result, String name) {
        return api(result).stages().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + ": " + result.findings()));
    }
}
