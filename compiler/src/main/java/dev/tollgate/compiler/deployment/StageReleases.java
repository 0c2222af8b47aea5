package dev.tollgate.compiler.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.crds.v1alpha1.Canary;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageDeployment;
import dev.tollgate.crds.v1alpha1.StageSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Stage edits of a release, as AWS's create-deployment and update-stage make them: pin a stage
 * to a deployment, give it a canary, promote the canary. Each returns an edited copy and touches
 * only {@code spec.deployment}, {@code spec.canary} and (promotion) {@code spec.variables}, the
 * fields a store writes back.
 */
public final class StageReleases {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StageReleases() {}

    /** The stage pinned to {@code deployment}; its canary, if any, stays. */
    public static Stage pinned(Stage stage, String deployment, String description) {
        Stage out = copy(stage);
        StageDeployment pin = new StageDeployment();
        pin.setMode(DeploymentMode.Pinned);
        pin.setDeploymentRef(deployment);
        pin.setDescription(description == null || description.isEmpty() ? null : description);
        spec(out).setDeployment(pin);
        return out;
    }

    /**
     * The stage with {@code deployment} as its canary taking {@code percentTraffic} percent of its
     * requests; an existing canary's variable overrides and cache setting are kept.
     */
    public static Stage withCanary(Stage stage, String deployment, double percentTraffic) {
        if (!(percentTraffic >= 0 && percentTraffic <= 100)) {
            throw new IllegalArgumentException("the canary's percentTraffic is within 0..100: " + percentTraffic);
        }
        Stage out = copy(stage);
        Canary canary = spec(out).getCanary() == null ? new Canary() : spec(out).getCanary();
        canary.setDeploymentRef(deployment);
        canary.setPercentTraffic(percentTraffic);
        spec(out).setCanary(canary);
        return out;
    }

    /**
     * The stage with its canary promoted, as AWS promotes one: pinned to the canary's deployment,
     * the canary's variable overrides copied into the stage's variables, and the canary removed.
     *
     * @throws IllegalArgumentException when the stage has no canary
     */
    public static Stage promoted(Stage stage) {
        Canary canary = stage.getSpec() == null ? null : stage.getSpec().getCanary();
        if (canary == null || canary.getDeploymentRef() == null) {
            throw new IllegalArgumentException(
                    "stage " + DeploymentHistory.stageName(stage) + " has no canary to promote");
        }
        String description = stage.getSpec().getDeployment() == null
                ? null
                : stage.getSpec().getDeployment().getDescription();
        Stage out = pinned(stage, canary.getDeploymentRef(), description);
        Map<String, String> overrides = canary.getStageVariableOverrides();
        if (overrides != null && !overrides.isEmpty()) {
            Map<String, String> variables = new TreeMap<>();
            if (spec(out).getVariables() != null) {
                variables.putAll(spec(out).getVariables());
            }
            variables.putAll(overrides);
            spec(out).setVariables(variables);
        }
        spec(out).setCanary(null);
        return out;
    }

    private static StageSpec spec(Stage stage) {
        if (stage.getSpec() == null) {
            stage.setSpec(new StageSpec());
        }
        return stage.getSpec();
    }

    private static Stage copy(Stage stage) {
        return JSON.convertValue(stage, Stage.class);
    }
}
