package dev.tollgate.dataplane.steps.usageplan;

import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.QuotaPeriods;
import dev.tollgate.dataplane.limits.Resume;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.PlanLimitsConfig;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;

/**
 * Meters the caller's key by its plan: first the throttle (429 Too Many Requests), then the quota
 * of the current UTC period (429 Limit Exceeded), so a throttled request does not use quota. State
 * ids: {@code namespace/plan/key} for the plan-wide bucket and the quota, plus the route for a
 * per-method bucket.
 */
final class UsagePlanStep implements Step {
    private final String namespace;
    private final String routeId;
    private final SharedState state;
    private final boolean failOpen;
    private final Clock clock;
    private final LimitMeters meters;
    private final Counter throttled;
    private final Counter quotaExceeded;
    private final Counter unavailable;

    UsagePlanStep(
            String namespace, String routeId, SharedState state, boolean failOpen, Clock clock, LimitMeters meters) {
        this.namespace = namespace;
        this.routeId = routeId;
        this.state = state;
        this.failOpen = failOpen;
        this.clock = clock;
        this.meters = meters;
        this.throttled = meters.throttled("plan");
        this.quotaExceeded = meters.throttled("quota");
        this.unavailable = meters.throttled("unavailable");
    }

    /** The quota counter id of a key in a plan for the period starting at {@code start}. */
    static String quotaId(String namespace, String plan, String key, long periodStartEpochSecond) {
        return namespace + "/" + plan + "/" + key + "@" + periodStartEpochSecond;
    }

    @Override
    public void apply(Exchange exchange) {
        PlanLimitsConfig plan = exchange.plan();
        if (plan == null) {
            exchange.proceed();
            return;
        }
        if (plan.throttle() == null) {
            quota(exchange, plan);
            return;
        }
        String keyId = exchange.apiKey().id();
        String bucket = namespace + "/" + plan.plan() + "/" + keyId + (plan.methodThrottle() ? "/" + routeId : "");
        Resume.on(exchange, state.tryConsume(bucket, plan.throttle()), (allowed, error) -> {
            if (error != null) {
                if (!failOpen) {
                    unavailable.increment();
                    exchange.fail(LimitErrors.LIMITS_UNAVAILABLE);
                    return;
                }
            } else if (!allowed) {
                throttled.increment();
                exchange.fail(LimitErrors.THROTTLED);
                return;
            }
            quota(exchange, plan);
        });
    }

    private void quota(Exchange exchange, PlanLimitsConfig plan) {
        String keyId = exchange.apiKey().id();
        if (plan.quota() == null) {
            meters.usage(namespace, plan.plan(), keyId).increment();
            exchange.proceed();
            return;
        }
        QuotaPeriods.Period period = QuotaPeriods.at(plan.quota(), clock.instant());
        String id = quotaId(namespace, plan.plan(), keyId, period.start().getEpochSecond());
        long limit = plan.quota().limit();
        Resume.on(exchange, state.increment(id, period.end().getEpochSecond()), (count, error) -> {
            if (error != null) {
                if (!failOpen) {
                    unavailable.increment();
                    exchange.fail(LimitErrors.LIMITS_UNAVAILABLE);
                    return;
                }
            } else if (count > limit) {
                quotaExceeded.increment();
                exchange.fail(LimitErrors.QUOTA_EXCEEDED);
                return;
            }
            meters.usage(namespace, plan.plan(), keyId).increment();
            exchange.proceed();
        });
    }
}
