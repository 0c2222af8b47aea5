package dev.tollgate.dataplane.steps.policy;

import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;

/**
 * The RESOURCE_POLICY slot: a step on every route served under a policy (the API's, or the pinned
 * deployment's), nothing otherwise.
 */
public final class ResourcePolicyStepFactory implements StepFactory {
    @Override
    public Step create(StepContext context) {
        if (context.policy() == null) {
            return null;
        }
        return new ResourcePolicyStep(
                context.policy(),
                context.config().namespace(),
                context.api().name(),
                context.stage().name());
    }
}
