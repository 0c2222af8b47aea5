package dev.tollgate.dataplane.steps.throttle;

import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.LimitState;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.runtime.StepContext;
import dev.tollgate.dataplane.runtime.StepFactory;

/** The throttle step of methods with a stage or method throttle; the bucket id is the route's. */
public final class ThrottleStepFactory implements StepFactory {
    private final LimitState state;

    public ThrottleStepFactory(LimitState state) {
        this.state = state;
    }

    @Override
    public Step create(StepContext context) {
        if (context.route().throttle() == null) {
            return null;
        }
        LimitMeters meters = new LimitMeters(context.services().metrics().registry(), context.meterTags());
        return new ThrottleStep(
                SharedState.bucketId(
                        context.config().namespace() + "/" + context.routeId(),
                        context.route().throttle()),
                context.route().throttle(),
                state.forConfig(context.config()),
                state.failOpen(context.config()),
                meters.throttled("stage"),
                meters.throttled("unavailable"));
    }
}
