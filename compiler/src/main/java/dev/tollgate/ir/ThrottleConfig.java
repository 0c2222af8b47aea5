package dev.tollgate.ir;

/**
 * A token bucket, as AWS throttles: a steady rate and a burst (the bucket's size). A request takes
 * one token; none left answers 429 Too Many Requests.
 *
 * @param rateLimit tokens added per second (may be fractional, e.g. 0.5 for one every 2 s)
 * @param burstLimit the bucket's capacity: how many requests may arrive at once
 */
public record ThrottleConfig(double rateLimit, long burstLimit) {
    public ThrottleConfig {
        if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException("bad rateLimit " + rateLimit);
        }
        if (burstLimit < 0) {
            throw new IllegalArgumentException("bad burstLimit " + burstLimit);
        }
    }

    /**
     * Whether every request is refused: AWS refuses all with a zero rate or a zero burst (the
     * bucket never holds a token).
     */
    public boolean refusesAll() {
        return rateLimit == 0 || burstLimit == 0;
    }
}
