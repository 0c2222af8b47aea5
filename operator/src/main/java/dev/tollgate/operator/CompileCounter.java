package dev.tollgate.operator;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts namespace compiles, per namespace, so bursts of changes can be seen to coalesce. */
@ApplicationScoped
public class CompileCounter {
    private final ConcurrentMap<String, AtomicLong> compiles = new ConcurrentHashMap<>();

    /** Records one compile of {@code namespace}. */
    public void compiled(String namespace) {
        compiles.computeIfAbsent(namespace, n -> new AtomicLong()).incrementAndGet();
    }

    /** Compiles of {@code namespace} since start. */
    public long count(String namespace) {
        AtomicLong n = compiles.get(namespace);
        return n == null ? 0 : n.get();
    }
}
