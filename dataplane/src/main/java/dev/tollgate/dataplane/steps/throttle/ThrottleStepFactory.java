package dev.tollgate.dataplane.steps.throttle;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;
import dev.tollgate.ir.RouteConfig;
import java.util.function.Predicate;

/** The throttle step of methods with a stage or method throttle; the bucket id is the route's. */
public final class ThrottleStepFactory implements StepFactory {
    private final LimitState state;
    private final Predicate<RouteConfig> checkedElsewhere;

    public ThrottleStepFactory(LimitState state) {
        this(state, route -> false);
    }

    private ThrottleStepFactory(LimitState state, Predicate<RouteConfig> checkedElsewhere) {
        this.state = state;
        this.checkedElsewhere = checkedElsewhere;
    }

    /**
     * This factory, leaving out the methods whose throttle an earlier step checks (the usage-plan
     * step, with the plan's limits in the same store call).
     */
    public ThrottleStepFactory except(Predicate<RouteConfig> checkedElsewhere) {
        return new ThrottleStepFactory(state, checkedElsewhere);
    }

    @Override
    public Step create(StepContext context) {
        if (context.route().throttle() == null || checkedElsewhere.test(context.route())) {
            return null;
        }
        LimitMeters meters = new LimitMeters(context.services().metrics().registry(), context.meterTags());
        return new ThrottleStep(
                SharedState.stageBucketId(
                        context.config().namespace(),
                        context.routeId(),
                        context.route().throttle()),
                context.route().throttle(),
                state.forConfig(context.config()),
                state.failOpen(context.config()),
                meters.throttled("stage"),
                meters.throttled("unavailable"));
    }
}
