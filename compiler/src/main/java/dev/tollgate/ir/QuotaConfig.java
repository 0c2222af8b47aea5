package dev.tollgate.ir;

import java.util.Objects;

/**
 * A request quota per API key and usage plan; past it the gateway answers 429 Limit Exceeded until
 * the next period starts.
 *
 * @param limit requests allowed per period
 * @param period the period, in UTC
 * @param offset how far the period start is shifted: hours for DAY (0–23), days for WEEK (0–6,
 *     0 = Sunday) and MONTH (0–27, 0 = the 1st)
 */
public record QuotaConfig(long limit, QuotaPeriod period, int offset) {
    public QuotaConfig {
        if (limit < 0) {
            throw new IllegalArgumentException("bad limit " + limit);
        }
        Objects.requireNonNull(period, "period");
        int max = period.maxOffset();
        if (offset < 0 || offset > max) {
            throw new IllegalArgumentException("offset " + offset + " out of 0.." + max + " for " + period);
        }
    }
}
