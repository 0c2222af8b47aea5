package dev.tollgate.compiler.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiDeploymentSpec;
import dev.tollgate.crds.v1alpha1.Canary;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageDeployment;
import dev.tollgate.crds.v1alpha1.StageSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The history of an API, which stages serve what, retention, names, and the Stage edits of a release. */
class DeploymentHistoryTest {

    static ApiDeployment deployment(String name, String api, String createdAt, String creationTimestamp) {
        ApiDeployment d = new ApiDeployment();
        d.getMetadata().setName(name);
        if (createdAt != null) {
            d.getMetadata().setAnnotations(Map.of(ApiDeployment.CREATED_AT_ANNOTATION, createdAt));
        }
        d.getMetadata().setCreationTimestamp(creationTimestamp);
        d.setSpec(new ApiDeploymentSpec());
        d.getSpec().setRestApiRef(api);
        return d;
    }

    static Stage stage(String name, String stageName, String api, String pinned, String canary) {
        Stage s = new Stage();
        s.getMetadata().setName(name);
        s.setSpec(new StageSpec());
        s.getSpec().setRestApiRef(api);
        s.getSpec().setStageName(stageName);
        if (pinned != null) {
            StageDeployment d = new StageDeployment();
            d.setMode(DeploymentMode.Pinned);
            d.setDeploymentRef(pinned);
            s.getSpec().setDeployment(d);
        }
        if (canary != null) {
            Canary c = new Canary();
            c.setDeploymentRef(canary);
            c.setPercentTraffic(10.0);
            c.setStageVariableOverrides(Map.of("v", "canary"));
            s.getSpec().setCanary(c);
        }
        return s;
    }

    private static final List<ApiDeployment> ALL = List.of(
            deployment("aaaaaa", "shop", "2026-12-01T10:00:00.100Z", null),
            deployment("cccccc", "shop", "2026-12-01T10:00:00.300Z", "2026-12-01T10:00:00Z"),
            deployment("bbbbbb", "shop", "2026-12-01T10:00:00.200Z", null),
            deployment("zzzzzz", "other", "2026-12-02T00:00:00Z", null),
            deployment("byhand", "shop", null, "2026-11-30T00:00:00Z"));

    @Test
    void theHistoryOfAnApiIsItsDeploymentsNewestFirstByMillisecond() {
        assertThat(DeploymentHistory.of(ALL, "shop"))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly("cccccc", "bbbbbb", "aaaaaa", "byhand");
    }

    @Test
    void servedByNamesThePinnedStagesAndCanariesOfTheSameApiOnly() {
        List<Stage> stages = List.of(
                stage("shop-prod", "prod", "shop", "bbbbbb", "cccccc"),
                stage("shop-beta", "beta", "shop", "cccccc", null),
                stage("other-prod", "prod", "other", "cccccc", null),
                stage("shop-dev", null, "shop", null, null));
        assertThat(DeploymentHistory.servedBy(ALL.get(1), stages))
                .extracting(DeploymentHistory.Serving::toString)
                .containsExactly("beta", "prod/canary");
        assertThat(DeploymentHistory.servedBy(ALL.get(2), stages))
                .extracting(DeploymentHistory.Serving::toString)
                .containsExactly("prod");
        assertThat(DeploymentHistory.servedBy(ALL.get(0), stages)).isEmpty();
    }

    @Test
    void pruningKeepsTheNewestAndEveryDeploymentAStageNames() {
        List<ApiDeployment> history = DeploymentHistory.of(ALL, "shop");
        List<Stage> stages = List.of(stage("prod", null, "shop", "aaaaaa", null));
        assertThat(DeploymentHistory.prunable(history, stages, 1))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly("bbbbbb", "byhand");
        assertThat(DeploymentHistory.prunable(history, stages, 0))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly("cccccc", "bbbbbb", "byhand");
        assertThat(DeploymentHistory.prunable(history, stages, 10)).isEmpty();
        assertThatThrownBy(() -> DeploymentHistory.prunable(history, stages, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newNamesAreSixCharacterAwsShapedIdsThatAvoidTakenNames() {
        Set<String> taken = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            String name = DeploymentHistory.newName(random, taken::contains);
            assertThat(name).matches("[a-z][a-z0-9]{5}");
            assertThat(taken.add(name)).as("unique: %s", name).isTrue();
        }
        // A generator that repeats itself is asked again until the name is free.
        Set<String> first = Set.of(DeploymentHistory.newName(new Random(7), n -> false));
        assertThat(DeploymentHistory.newName(new Random(7), first::contains)).isNotIn(first);
    }

    @Test
    void aStageIsPinnedWithItsCanaryKept() {
        Stage pinned = StageReleases.pinned(stage("prod", null, "shop", "aaaaaa", "cccccc"), "bbbbbb", "rollback");
        assertThat(DeploymentHistory.pinnedTo(pinned)).isEqualTo("bbbbbb");
        assertThat(pinned.getSpec().getDeployment().getDescription()).isEqualTo("rollback");
        assertThat(DeploymentHistory.canaryOf(pinned)).isEqualTo("cccccc");
    }

    @Test
    void aCanaryKeepsTheOverridesOfTheCanaryItReplacesAndRefusesAPercentOutOfRange() {
        Stage original = stage("prod", null, "shop", "aaaaaa", "cccccc");
        Stage next = StageReleases.withCanary(original, "bbbbbb", 2.5);
        assertThat(next.getSpec().getCanary().getDeploymentRef()).isEqualTo("bbbbbb");
        assertThat(next.getSpec().getCanary().getPercentTraffic()).isEqualTo(2.5);
        assertThat(next.getSpec().getCanary().getStageVariableOverrides()).containsEntry("v", "canary");
        assertThat(DeploymentHistory.canaryOf(original))
                .as("the input is not changed")
                .isEqualTo("cccccc");
        assertThatThrownBy(() -> StageReleases.withCanary(original, "bbbbbb", 100.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StageReleases.withCanary(original, "bbbbbb", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void promotingPinsTheCanarysDeploymentCopiesItsOverridesAndRemovesIt() {
        Stage stage = stage("prod", null, "shop", "aaaaaa", "cccccc");
        stage.getSpec().setVariables(Map.of("v", "stable", "w", "kept"));
        Stage promoted = StageReleases.promoted(stage);
        assertThat(DeploymentHistory.pinnedTo(promoted)).isEqualTo("cccccc");
        assertThat(promoted.getSpec().getCanary()).isNull();
        assertThat(promoted.getSpec().getVariables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("v", "canary", "w", "kept"));
        assertThatThrownBy(() -> StageReleases.promoted(promoted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage prod has no canary to promote");
    }
}
