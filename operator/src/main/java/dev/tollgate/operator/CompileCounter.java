package dev.tollgate.operator;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Counts namespace compiles, so bursts can be seen to coalesce. */
@ApplicationScoped
public class CompileCounter {
    private final AtomicLong compiles = new AtomicLong();

    /** Records one compile. */
    public void increment() {
        compiles.incrementAndGet();
    }

    /** Compiles since start. */
    public long count() {
        return compiles.get();
    }
}
