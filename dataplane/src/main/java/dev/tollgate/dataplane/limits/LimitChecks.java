package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.ThrottleConfig;

/**
 * The limits one request is checked against, in this order, the first that refuses ending the
 * checks: the usage plan's per-key throttle, the plan's quota (counted for every request the
 * throttle lets through, refused or not), then the stage or method throttle. A refused request
 * consumes what the checks before the refusing one took, as when they are made one by one. Any
 * of the three may be absent (its id null).
 *
 * @param planBucket the bucket id of the key's plan throttle, or null
 * @param planThrottle the plan throttle's shape, null when {@code planBucket} is
 * @param quotaId the quota counter id of the key in the current period, or null
 * @param quotaExpiresAt when the counter disappears (epoch second): the period's end
 * @param quotaLimit the most requests the quota lets through in the period
 * @param stageBucket the bucket id of the stage or method throttle, or null
 * @param stageThrottle the stage throttle's shape, null when {@code stageBucket} is
 */
public record LimitChecks(
        String planBucket,
        ThrottleConfig planThrottle,
        String quotaId,
        long quotaExpiresAt,
        long quotaLimit,
        String stageBucket,
        ThrottleConfig stageThrottle) {

    /** Every check passed. */
    public static final int PASS = 0;

    /** The plan's throttle refused: nothing was consumed. */
    public static final int PLAN_THROTTLED = 1;

    /** The quota is used up: the plan token and the quota count were consumed. */
    public static final int QUOTA_EXCEEDED = 2;

    /** The stage throttle refused: the plan token and the quota count were consumed. */
    public static final int STAGE_THROTTLED = 3;
}
