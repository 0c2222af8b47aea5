package dev.tollgate.dataplane.steps.throttle;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.ThrottleConfig;
import io.micrometer.core.instrument.Counter;

/** Takes a token from the method's bucket, or answers 429 Too Many Requests. */
final class ThrottleStep implements Step {
    private final String bucketId;
    private final ThrottleConfig limit;
    private final SharedState state;
    private final boolean failOpen;
    private final Counter throttled;
    private final Counter unavailable;

    ThrottleStep(
            String bucketId,
            ThrottleConfig limit,
            SharedState state,
            boolean failOpen,
            Counter throttled,
            Counter unavailable) {
        this.bucketId = bucketId;
        this.limit = limit;
        this.state = state;
        this.failOpen = failOpen;
        this.throttled = throttled;
        this.unavailable = unavailable;
    }

    @Override
    public void apply(Exchange exchange) {
        exchange.resume(state.tryConsume(bucketId, limit), (allowed, error) -> {
            if (error != null) {
                GatewayError refusal = LimitErrors.onStoreFailure(error, failOpen);
                if (refusal == null) {
                    exchange.proceed();
                } else {
                    unavailable.increment();
                    exchange.fail(refusal);
                }
            } else if (allowed) {
                exchange.proceed();
            } else {
                throttled.increment();
                exchange.fail(LimitErrors.THROTTLED);
            }
        });
    }
}
