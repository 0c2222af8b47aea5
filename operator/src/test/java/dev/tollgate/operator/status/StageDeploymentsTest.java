package dev.tollgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.Finding;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.ir.CanaryConfig;
import dev.tollgate.ir.DeploymentConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.operator.status.StatusAggregator.DataPlane;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A Stage's status names the deployment it serves, the one before, and its canary's; patched only on change. */
class StageDeploymentsTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static StageConfig pinned(String deployment, String canary) {
        DeploymentConfig d = deployment == null
                ? null
                : new DeploymentConfig(deployment, "a".repeat(64), false, List.of(), null, null);
        CanaryConfig c = canary == null
                ? null
                : new CanaryConfig(
                        10,
                        new DeploymentConfig(canary, "b".repeat(64), false, List.of(), null, null),
                        new TreeMap<>(),
                        List.of(),
                        null);
        return new StageConfig("prod", new TreeMap<>(), null, List.of(), null, null, d, c);
    }

    static StageStatus status(StageStatus old, StageConfig served) {
        List<Finding> none = List.of();
        return KindStatuses.STAGE.aggregate(
                old, 1L, none, DataPlane.SERVING_CURRENT, "cfg", NOW, false, StageDeployments.fields(old, served));
    }

    @Test
    void theServedDeploymentBecomesThePreviousOneWhenAnotherIsServed() {
        StageStatus first = status(null, pinned("first1", null));
        assertThat(first.getDeployment()).isEqualTo("first1");
        assertThat(first.getPreviousDeployment()).isNull();
        StageStatus second = status(first, pinned("second", "canary"));
        assertThat(second.getDeployment()).isEqualTo("second");
        assertThat(second.getPreviousDeployment()).isEqualTo("first1");
        assertThat(second.getCanaryDeployment()).isEqualTo("canary");
        StageStatus same = status(second, pinned("second", null));
        assertThat(same.getPreviousDeployment())
                .as("kept while the served one stays")
                .isEqualTo("first1");
        assertThat(same.getCanaryDeployment()).isNull();
        StageStatus auto = status(same, pinned(null, null));
        assertThat(auto.getDeployment()).isNull();
        assertThat(auto.getPreviousDeployment()).isEqualTo("second");
    }

    @Test
    void aStageLeftOutOfTheConfigKeepsItsFields() {
        StageStatus served = status(status(null, pinned("first1", null)), pinned("second", "canary"));
        StageStatus leftOut = status(served, null);
        assertThat(leftOut.getDeployment()).isEqualTo("second");
        assertThat(leftOut.getPreviousDeployment()).isEqualTo("first1");
        assertThat(leftOut.getCanaryDeployment()).isEqualTo("canary");
    }

    @Test
    void aChangeOfOnlyTheDeploymentFieldsNeedsAPatch() {
        StageStatus first = status(null, pinned("first1", null));
        assertThat(StatusAggregator.changed(first, status(first, pinned("first1", null))))
                .isFalse();
        assertThat(StatusAggregator.changed(first, status(first, pinned("second", null))))
                .isTrue();
        assertThat(StatusAggregator.changed(first, status(first, pinned("first1", "canary"))))
                .isTrue();
    }
}
