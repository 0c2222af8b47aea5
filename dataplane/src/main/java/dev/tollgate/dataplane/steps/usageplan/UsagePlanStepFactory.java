package dev.tollgate.dataplane.steps.usageplan;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ThrottleConfig;

/**
 * The usage-plan step of key-required methods some plan covers with a throttle or a quota. {@link
 * #checkingStageThrottles} makes it check the method's stage throttle too, so a store that answers
 * all limits at once gets one call per request; the throttle step must then leave those methods to
 * it ({@code ThrottleStepFactory.except(UsagePlanStepFactory::appliesTo)}).
 */
public final class UsagePlanStepFactory implements StepFactory {
    private final LimitState state;
    private final boolean stageThrottles;

    public UsagePlanStepFactory(LimitState state) {
        this(state, false);
    }

    private UsagePlanStepFactory(LimitState state, boolean stageThrottles) {
        this.state = state;
        this.stageThrottles = stageThrottles;
    }

    /** This factory, its steps also checking the method's stage throttle after the plan's limits. */
    public UsagePlanStepFactory checkingStageThrottles() {
        return new UsagePlanStepFactory(state, true);
    }

    /** Whether a method gets a usage-plan step: it requires a key and some plan limits it. */
    public static boolean appliesTo(RouteConfig route) {
        return route.apiKeyRequired() && !route.plans().stream().allMatch(UsagePlanStepFactory::unlimited);
    }

    @Override
    public Step create(StepContext context) {
        if (!appliesTo(context.route())) {
            return null;
        }
        ThrottleConfig stage = stageThrottles ? context.route().throttle() : null;
        return new UsagePlanStep(
                context.config().namespace(),
                context.routeId(),
                state.forConfig(context.config()),
                state.failOpen(context.config()),
                state.clock(),
                new LimitMeters(context.services().metrics().registry(), context.meterTags()),
                stage == null
                        ? null
                        : SharedState.stageBucketId(context.config().namespace(), context.routeId(), stage),
                stage);
    }

    private static boolean unlimited(PlanLimitsConfig plan) {
        return plan.throttle() == null && plan.quota() == null;
    }
}
