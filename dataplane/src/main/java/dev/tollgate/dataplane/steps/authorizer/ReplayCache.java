package dev.tollgate.dataplane.steps.authorizer;

import java.util.Map;

/**
 * The SigV4 signatures this replica has accepted while they could still verify, so a captured
 * request cannot be sent again (AWS itself accepts a replay within the clock skew). Per replica: a
 * replay sent to another replica is not seen. Bounded: when full, the least recently seen signature
 * is forgotten first, so memory stays fixed under any load (a signature pushed out by {@value
 * #MAX_ENTRIES} newer ones could be replayed).
 */
final class ReplayCache {
    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Long> seen;

    ReplayCache() {
        this(MAX_ENTRIES);
    }

    ReplayCache(int maxEntries) {
        this.seen = LruMap.bounded(maxEntries);
    }

    /**
     * Records {@code signature} until {@code expiresAtNanos} ({@link System#nanoTime()} based);
     * false when it was recorded before and has not expired.
     */
    boolean firstUse(String signature, long expiresAtNanos) {
        synchronized (seen) {
            Long until = seen.get(signature);
            if (until != null && System.nanoTime() - until < 0) {
                return false;
            }
            seen.put(signature, expiresAtNanos);
            return true;
        }
    }
}
