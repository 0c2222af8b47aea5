package dev.tollgate.dataplane.steps.authorizer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authorizer answers by (namespace, API, authorizer, identity), for their TTL; shared by every
 * runtime, so a reload keeps them. Bounded to {@link #MAX_ENTRIES}: the least recently used answer
 * goes first, so a flood of unknown identities never evicts the answers of the callers in use all
 * at once.
 */
public final class AuthorizerCache {
    static final int MAX_ENTRIES = 10_000;

    private record Entry(AuthorizerPolicy policy, long expiresAtNanos) {}

    private final Map<String, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    public AuthorizerCache() {
        this(MAX_ENTRIES);
    }

    AuthorizerCache(int maxEntries) {
        this.entries = LruMap.bounded(maxEntries);
    }

    AuthorizerPolicy get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAtNanos() > 0) {
            entries.remove(key, e);
            return null;
        }
        hits.incrementAndGet();
        return e.policy();
    }

    void put(String key, AuthorizerPolicy policy, int ttlSeconds) {
        entries.put(key, new Entry(policy, System.nanoTime() + ttlSeconds * 1_000_000_000L));
    }

    /** Answers held now. */
    int size() {
        return entries.size();
    }

    void countCall() {
        calls.incrementAndGet();
    }

    /** Answers served from the cache. */
    public long hits() {
        return hits.get();
    }

    /** Calls made to authorizer services. */
    public long calls() {
        return calls.get();
    }
}
