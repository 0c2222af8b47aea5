package dev.tollgate.dataplane.steps.usageplan;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.limits.LimitChecks;
import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.limits.LimitMeters;
import dev.tollgate.dataplane.limits.QuotaPeriods;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.ThrottleConfig;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters the caller's key by its plan: first the throttle (429 Too Many Requests), then the quota
 * of the current UTC period (429 Limit Exceeded), so a throttled request does not use quota; then,
 * when the route has one and this step was given it, the stage or method throttle (429 Too Many
 * Requests), which the throttle step then leaves to it. A store that answers all at once ({@link
 * SharedState#checksAtOnce}, a standalone Redis) gets one call per request for all three, with the
 * same outcome and the same state consumed as checking them one after the other. State ids:
 * {@code namespace/plan/key} for the plan-wide bucket and the quota, plus the route for a
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
    /** The stage throttle's bucket id and shape, or null when the throttle step checks it (or there is none). */
    private final String stageBucket;

    private final ThrottleConfig stageThrottle;
    private final Counter stageThrottled;
    /** The checks of a request whose key no plan meters here: the stage throttle alone. */
    private final LimitChecks stageOnly;

    private final ConcurrentMap<String, KeyState> keys = new ConcurrentHashMap<>();

    /**
     * What one key in one plan needs on this route, computed on its first request here; {@code
     * checks} are those of the quota period last seen.
     */
    private static final class KeyState {
        final String plan;
        final String bucketId;
        final String quotaPrefix;
        final Counter usage;
        volatile LimitChecks checks;

        KeyState(String plan, String bucketId, String quotaPrefix, Counter usage) {
            this.plan = plan;
            this.bucketId = bucketId;
            this.quotaPrefix = quotaPrefix;
            this.usage = usage;
        }
    }

    /** The quota period in force per plan, replaced when the clock passes its end. */
    private final ConcurrentMap<String, QuotaPeriods.Period> periods = new ConcurrentHashMap<>();

    /** The plan's checks only; the throttle step checks the stage throttle. */
    UsagePlanStep(
            String namespace, String routeId, SharedState state, boolean failOpen, Clock clock, LimitMeters meters) {
        this(namespace, routeId, state, failOpen, clock, meters, null, null);
    }

    /**
     * @param stageBucket the bucket id of the route's stage or method throttle, checked here after
     *     the plan's; null for none
     * @param stageThrottle its shape, null when {@code stageBucket} is
     */
    UsagePlanStep(
            String namespace,
            String routeId,
            SharedState state,
            boolean failOpen,
            Clock clock,
            LimitMeters meters,
            String stageBucket,
            ThrottleConfig stageThrottle) {
        this.namespace = namespace;
        this.routeId = routeId;
        this.state = state;
        this.failOpen = failOpen;
        this.clock = clock;
        this.meters = meters;
        this.throttled = meters.throttled("plan");
        this.quotaExceeded = meters.throttled("quota");
        this.unavailable = meters.throttled("unavailable");
        this.stageBucket = stageBucket;
        this.stageThrottle = stageThrottle;
        this.stageThrottled = stageBucket == null ? null : meters.throttled("stage");
        this.stageOnly =
                stageBucket == null ? null : new LimitChecks(null, null, null, 0, 0, stageBucket, stageThrottle);
    }

    /** The quota counter id of a key in a plan for the period starting at {@code start}. */
    static String quotaId(String namespace, String plan, String key, long periodStartEpochSecond) {
        return namespace + "/" + plan + "/" + key + "@" + periodStartEpochSecond;
    }

    private KeyState keyState(PlanLimitsConfig plan, String keyId) {
        KeyState known = keys.get(keyId);
        // A key is metered by one plan per route; the check covers a key moved to another plan.
        if (known != null && known.plan.equals(plan.plan())) {
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

    /** Outcomes of the checks: {@link LimitChecks}' four, and two of the store's failures. */
    private static final int PASS = LimitChecks.PASS;

    private static final int THROTTLED = LimitChecks.PLAN_THROTTLED;
    private static final int QUOTA_EXCEEDED = LimitChecks.QUOTA_EXCEEDED;
    private static final int STAGE_THROTTLED = LimitChecks.STAGE_THROTTLED;
    private static final int UNAVAILABLE = 4;
    private static final int MISCONFIGURED = 5;
    /** Added to an outcome when the key's plan let the request through (what the key's usage counts). */
    private static final int PLAN_PASSED = 8;

    private static final CompletableFuture<Integer> PASSED = CompletableFuture.completedFuture(PASS);

    @Override
    public void apply(Exchange exchange) {
        PlanLimitsConfig plan = exchange.plan();
        if (plan == null && stageBucket == null) {
            exchange.proceed();
            return;
        }
        KeyState key = plan == null ? null : keyState(plan, exchange.apiKey().id());
        int passed = key == null ? 0 : PLAN_PASSED;
        CompletableFuture<Integer> outcome;
        if (stageBucket == null && plan.throttle() == null && plan.quota() == null) {
            // The key's plan limits nothing here: no store call.
            outcome = CompletableFuture.completedFuture(PASS + PLAN_PASSED);
        } else if (state.checksAtOnce()) {
            outcome = state.check(checks(plan, key)).handle((answer, error) -> {
                int code = error != null ? failure(error) : answer;
                return code == PASS || code == STAGE_THROTTLED ? code + passed : code;
            });
        } else {
            // Throttle, then quota, then the stage, composed where the store answers: one hop back to the event loop.
            CompletableFuture<Integer> planned = key == null
                    ? PASSED
                    : plan.throttle() == null
                            ? quota(plan, key)
                            : state.tryConsume(key.bucketId, plan.throttle())
                                    .handle((allowed, error) ->
                                            error != null ? failure(error) : (allowed ? PASS : THROTTLED))
                                    .thenCompose(code ->
                                            code == PASS ? quota(plan, key) : CompletableFuture.completedFuture(code));
            outcome = stageBucket == null
                    ? planned.thenApply(code -> code == PASS ? code + passed : code)
                    : planned.thenCompose(code -> code != PASS
                            ? CompletableFuture.completedFuture(code)
                            : state.tryConsume(stageBucket, stageThrottle)
                                    .handle((allowed, error) ->
                                            (error != null ? failure(error) : (allowed ? PASS : STAGE_THROTTLED))
                                                    + passed));
        }
        exchange.resume(outcome, (code, error) -> {
            int result = error != null ? UNAVAILABLE : code;
            if ((result & PLAN_PASSED) != 0) {
                key.usage.increment();
            }
            switch (result & ~PLAN_PASSED) {
                case PASS -> exchange.proceed();
                case THROTTLED -> {
                    throttled.increment();
                    exchange.fail(LimitErrors.THROTTLED);
                }
                case QUOTA_EXCEEDED -> {
                    quotaExceeded.increment();
                    exchange.fail(LimitErrors.QUOTA_EXCEEDED);
                }
                case STAGE_THROTTLED -> {
                    stageThrottled.increment();
                    exchange.fail(LimitErrors.THROTTLED);
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

    /** The request's checks: the key's plan in its current quota period, and the stage throttle. */
    private LimitChecks checks(PlanLimitsConfig plan, KeyState key) {
        if (key == null) {
            return stageOnly;
        }
        QuotaPeriods.Period p = plan.quota() == null ? null : period(plan);
        LimitChecks known = key.checks;
        if (known != null
                && (p == null || known.quotaExpiresAt() == p.end().getEpochSecond())
                && known.quotaLimit() == (p == null ? 0 : plan.quota().limit())
                && Objects.equals(known.planThrottle(), plan.throttle())) {
            return known;
        }
        LimitChecks fresh = new LimitChecks(
                plan.throttle() == null ? null : key.bucketId,
                plan.throttle(),
                p == null ? null : key.quotaPrefix + p.start().getEpochSecond(),
                p == null ? 0 : p.end().getEpochSecond(),
                p == null ? 0 : plan.quota().limit(),
                stageBucket,
                stageThrottle);
        key.checks = fresh;
        return fresh;
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
            return PASSED;
        }
        QuotaPeriods.Period p = period(plan);
        long limit = plan.quota().limit();
        return state.increment(
                        key.quotaPrefix + p.start().getEpochSecond(), p.end().getEpochSecond())
                .handle((count, error) -> error != null ? failure(error) : (count > limit ? QUOTA_EXCEEDED : PASS));
    }
}
