package dev.tollgate.dataplane.steps.authorizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of authorizer decisions bounded by evicting the least recently used entry: a flood of new
 * identities pushes out the coldest answers one at a time, never the whole cache, so the callers in
 * use keep their cached decision (and the authorizer is not called for all of them at once).
 */
final class LruMap<V> extends LinkedHashMap<String, V> {
    private final int maxEntries;

    private LruMap(int maxEntries) {
        super(16, 0.75f, true);
        this.maxEntries = maxEntries;
    }

    /** A thread-safe map holding at most {@code maxEntries}, least recently used evicted first. */
    static <V> Map<String, V> bounded(int maxEntries) {
        return Collections.synchronizedMap(new LruMap<>(maxEntries));
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > maxEntries;
    }
}
