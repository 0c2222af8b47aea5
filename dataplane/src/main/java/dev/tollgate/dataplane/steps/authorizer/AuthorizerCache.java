package dev.tollgate.dataplane.steps.authorizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authorizer answers by (namespace, API, authorizer, identity), for their TTL; shared by every
 * runtime, so a reload keeps them. Bounded: past {@link #MAX_ENTRIES} expired entries are swept and,
 * if still full, everything is dropped (the next calls ask the authorizer again).
 */
public final class AuthorizerCache {
    static final int MAX_ENTRIES = 10_000;

    private record Entry(AuthorizerPolicy policy, long expiresAtNanos) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

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
        if (entries.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.expiresAtNanos() > 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(policy, System.nanoTime() + ttlSeconds * 1_000_000_000L));
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
