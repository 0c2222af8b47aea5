package dev.tollgate.operator.status;

import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.ir.StageConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Stage's deployment fields in its status, from what the compiled config serves for it: the
 * ApiDeployment it serves (none while it follows its RestApi), the one it served before (carried
 * forward from the old status until the served one changes again), and its canary's. A Stage left
 * out of the config keeps the fields it had. Pure.
 */
public final class StageDeployments {
    private StageDeployments() {}

    /**
     * The fields of a Stage's new status.
     *
     * @param old the Stage's current status, or null
     * @param served what the compiled config serves for the Stage, or null when it is left out
     */
    public static Consumer<StageStatus> fields(StageStatus old, StageConfig served) {
        return next -> {
            if (served == null) {
                if (old != null) {
                    next.setDeployment(old.getDeployment());
                    next.setPreviousDeployment(old.getPreviousDeployment());
                    next.setCanaryDeployment(old.getCanaryDeployment());
                }
                return;
            }
            String deployment =
                    served.deployment() == null ? null : served.deployment().name();
            String oldDeployment = old == null ? null : old.getDeployment();
            next.setDeployment(deployment);
            next.setPreviousDeployment(
                    Objects.equals(oldDeployment, deployment)
                            ? (old == null ? null : old.getPreviousDeployment())
                            : oldDeployment);
            next.setCanaryDeployment(
                    served.canary() == null
                            ? null
                            : served.canary().deployment().name());
        };
    }
}
