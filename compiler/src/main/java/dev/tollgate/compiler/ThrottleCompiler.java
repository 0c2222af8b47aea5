package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Throttle;
import dev.tollgate.ir.ThrottleConfig;

/**
 * Compiles a throttle (steady rate and burst) wherever one is written: a Stage's {@code
 * throttling}, its method settings, a UsagePlan's {@code throttle} and its per-method throttles.
 */
final class ThrottleCompiler {
    private final Findings findings;

    ThrottleCompiler(Findings findings) {
        this.findings = findings;
    }

    /** The throttle, or null when absent or invalid (errors are reported). */
    ThrottleConfig compile(ResourceRef ref, String field, Throttle t) {
        if (t == null) {
            return null;
        }
        if (t.getRateLimit() == null || t.getBurstLimit() == null) {
            findings.error(ref, field, Reason.INVALID_VALUE, "rateLimit and burstLimit are both required");
            return null;
        }
        if (!(t.getRateLimit() >= 0) || t.getRateLimit().isInfinite() || t.getBurstLimit() < 0) {
            findings.error(ref, field, Reason.INVALID_VALUE, "rateLimit and burstLimit must be 0 or more");
            return null;
        }
        if (t.getRateLimit() == 0 || t.getBurstLimit() == 0) {
            findings.warning(ref, field, Reason.NO_EFFECT, "a zero rate or burst refuses every request with 429");
        }
        return new ThrottleConfig(t.getRateLimit(), t.getBurstLimit());
    }
}
