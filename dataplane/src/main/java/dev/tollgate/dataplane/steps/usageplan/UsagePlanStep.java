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
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters the caller's key by its plan: first the throttle (429 Too Many Requests), then the quota
 * of the current UTC period (429 Limit Exceeded), so a throttled request does not use quota. State
 * ids: {@code namespace/plan/key} for the plan-wide bucket and the quota, plus the route for a
 * per-method bucket. Ids and meters are computed once per key and plan, the period once per
 * period, so the request path only looks them up.
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
    private final ConcurrentMap<String, KeyState> keys = new ConcurrentHashMap<>();

    /** What one key in one plan needs on this route, computed on its first request here. */
    private record KeyState(String plan, String bucketId, String quotaPrefix, Counter usage) {}

    /** The quota period in force per plan, replaced when the clock passes its end. */
    private final ConcurrentMap<String, QuotaPeriods.Period> periods = new ConcurrentHashMap<>();

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

    private KeyState keyState(PlanLimitsConfig plan, String keyId) {
        KeyState known = keys.get(keyId);
        // A key is metered by one plan per route; the check covers a key moved to another plan.
        if (known != null && known.plan().equals(plan.plan())) {
            return known;
        }
        return keys.compute(keyId, (k, old) -> {
            String owner = namespace + "/" + plan.plan() + "/" + keyId + (plan.methodThrottle() ? "/" + routeId : "");
            return new KeyState(
                    plan.plan(),
                    plan.throttle() == null ? null : SharedState.bucketId(owner, plan.throttle()),
                    namespace + "/" + plan.plan() + "/" + keyId + "@",
                    meters.usage(namespace, plan.plan(), keyId));
        });
    }

    @Override
    public void apply(Exchange exchange) {
        PlanLimitsConfig plan = exchange.plan();
        if (plan == null) {
            exchange.proceed();
            return;
        }
        KeyState key = keyState(plan, exchange.apiKey().id());
        if (plan.throttle() == null) {
            quota(exchange, plan, key);
            return;
        }
        Resume.on(exchange, state.tryConsume(key.bucketId(), plan.throttle()), (allowed, error) -> {
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
            quota(exchange, plan, key);
        });
    }

    private QuotaPeriods.Period period(PlanLimitsConfig plan) {
        Instant now = clock.instant();
        QuotaPeriods.Period p = periods.get(plan.plan());
        if (p == null || now.isBefore(p.start()) || !now.isBefore(p.end())) {
            p = QuotaPeriods.at(plan.quota(), now);
            periods.put(plan.plan(), p);
        }
        return p;
    }

    private void quota(Exchange exchange, PlanLimitsConfig plan, KeyState key) {
        if (plan.quota() == null) {
            key.usage().increment();
            exchange.proceed();
            return;
        }
        QuotaPeriods.Period p = period(plan);
        String id = key.quotaPrefix() + p.start().getEpochSecond();
        long limit = plan.quota().limit();
        Resume.on(exchange, state.increment(id, p.end().getEpochSecond()), (count, error) -> {
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
            key.usage().increment();
            exchange.proceed();
        });
    }
}
