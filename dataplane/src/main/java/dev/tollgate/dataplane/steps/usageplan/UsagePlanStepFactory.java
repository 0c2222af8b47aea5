package dev.tollgate.dataplane.steps.usageplan;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.PlanLimitsConfig;

/** The usage-plan step of key-required methods some plan covers with a throttle or a quota. */
public final class UsagePlanStepFactory implements StepFactory {
    private final LimitState state;

    public UsagePlanStepFactory(LimitState state) {
        this.state = state;
    }

    @Override
    public Step create(StepContext context) {
        if (!context.route().apiKeyRequired()
                || context.route().plans().stream().allMatch(UsagePlanStepFactory::unlimited)) {
            return null;
        }
        return new UsagePlanStep(
                context.config().namespace(),
                context.routeId(),
                state.forConfig(context.config()),
                state.failOpen(context.config()),
                state.clock(),
                new LimitMeters(context.services().metrics().registry(), context.meterTags()));
    }

    private static boolean unlimited(PlanLimitsConfig plan) {
        return plan.throttle() == null && plan.quota() == null;
    }
}
