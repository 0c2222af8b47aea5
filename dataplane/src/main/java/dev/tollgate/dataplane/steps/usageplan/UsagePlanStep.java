package dev.tollgate.dataplane.steps.usageplan;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.QuotaPeriods;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.PlanLimitsConfig;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
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

    /** Outcomes of the plan's checks. */
    private static final int PASS = 0;

    private static final int THROTTLED = 1;
    private static final int QUOTA_EXCEEDED = 2;
    private static final int UNAVAILABLE = 3;
    private static final int MISCONFIGURED = 4;

    @Override
    public void apply(Exchange exchange) {
        PlanLimitsConfig plan = exchange.plan();
        if (plan == null) {
            exchange.proceed();
            return;
        }
        KeyState key = keyState(plan, exchange.apiKey().id());
        // Throttle, then quota, composed where the store answers: one hop back to the event loop.
        CompletableFuture<Integer> outcome;
        if (plan.throttle() == null) {
            outcome = quota(plan, key);
        } else {
            outcome = state.tryConsume(key.bucketId(), plan.throttle())
                    .handle((allowed, error) -> error != null ? failure(error) : (allowed ? PASS : THROTTLED))
                    .thenCompose(code -> code == PASS ? quota(plan, key) : CompletableFuture.completedFuture(code));
        }
        exchange.resume(outcome, (code, error) -> {
            switch (error != null ? UNAVAILABLE : code) {
                case PASS -> {
                    key.usage().increment();
                    exchange.proceed();
                }
                case THROTTLED -> {
                    throttled.increment();
                    exchange.fail(LimitErrors.THROTTLED);
                }
                case QUOTA_EXCEEDED -> {
                    quotaExceeded.increment();
                    exchange.fail(LimitErrors.QUOTA_EXCEEDED);
                }
                case MISCONFIGURED -> {
                    unavailable.increment();
                    exchange.fail(LimitErrors.LIMITS_MISCONFIGURED);
                }
                default -> {
                    unavailable.increment();
                    exchange.fail(LimitErrors.LIMITS_UNAVAILABLE);
                }
            }
        });
    }

    /** The outcome of a failed store call: the failure mode for an outage, never a pass for a refusal. */
    private int failure(Throwable error) {
        GatewayError refusal = LimitErrors.onStoreFailure(error, failOpen);
        if (refusal == null) {
            return PASS;
        }
        return refusal == LimitErrors.LIMITS_MISCONFIGURED ? MISCONFIGURED : UNAVAILABLE;
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

    private CompletableFuture<Integer> quota(PlanLimitsConfig plan, KeyState key) {
        if (plan.quota() == null) {
            return CompletableFuture.completedFuture(PASS);
        }
        QuotaPeriods.Period p = period(plan);
        long limit = plan.quota().limit();
        return state.increment(
                        key.quotaPrefix() + p.start().getEpochSecond(), p.end().getEpochSecond())
                .handle((count, error) -> error != null ? failure(error) : (count > limit ? QUOTA_EXCEEDED : PASS));
    }
}
