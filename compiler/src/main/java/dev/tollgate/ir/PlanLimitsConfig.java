package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one usage plan applies to one route for each of its API keys, already merged: the plan's
 * per-method throttle when it has one for this route, else the plan's throttle; and the plan's
 * quota.
 *
 * @param plan the UsagePlan's name, the stable id its per-key quota and throttle state is kept by
 * @param throttle the per-key throttle on this route, or null for none
 * @param methodThrottle true when {@code throttle} is the plan's throttle for this method only (its
 *     bucket is this route's), false when it is the plan-wide throttle (one bucket per key across
 *     every method of the plan)
 * @param quota the per-key quota, counted across every method of the plan, or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanLimitsConfig(String plan, ThrottleConfig throttle, boolean methodThrottle, QuotaConfig quota) {
    public PlanLimitsConfig {
        Ir.require(plan, "plan");
        if (methodThrottle && throttle == null) {
            throw new IllegalArgumentException("methodThrottle without a throttle");
        }
    }
}
