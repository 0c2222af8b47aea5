package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What one reconcile compiled, handed to the workflow's dependents: they turn it, with the
 * Gateway, into their objects. The reconciler puts it into the context before it runs the workflow.
 *
 * @param configId the compiled config's id
 * @param configJson the compiled config as canonical JSON
 * @param secretParts the Secret values the config references, under {@code <secretName>.<key>}
 * @param image the data plane image to run
 * @param tokenAudience the audience callers' tokens must be issued for on AWS_IAM routes
 */
public record DesiredDataPlane(
        String configId, String configJson, SortedMap<String, byte[]> secretParts, String image, String tokenAudience) {
    private static final Object KEY = DesiredDataPlane.class;

    /** Checks every component is present. */
    public DesiredDataPlane {
        Objects.requireNonNull(configId);
        Objects.requireNonNull(configJson);
        Objects.requireNonNull(secretParts);
        Objects.requireNonNull(image);
        Objects.requireNonNull(tokenAudience);
    }

    /** Hands this to the dependents of the reconcile that {@code context} belongs to. */
    public void putInto(Context<Gateway> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    /** What the reconcile of {@code context} compiled. */
    public static DesiredDataPlane of(Context<Gateway> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, DesiredDataPlane.class);
    }
}
