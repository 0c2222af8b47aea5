package dev.tollgate.dataplane.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's account of request body bytes it holds: {@link #tryReserve reserved} for bodies
 * being aggregated, within the budget, and {@link #buffered} chunks read but not yet passed on
 * (bounded by flow control, counted but never refused). Shared by every event loop.
 */
final class BodyBudget {
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private volatile long limit;

    BodyBudget(long limit) {
        this.limit = limit;
    }

    /** Changes the budget (a new config); reservations already made stand. */
    void limit(long bytes) {
        this.limit = bytes;
    }

    long limit() {
        return limit;
    }

    /** Reserves {@code bytes} if the budget has room for them. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > limit) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        if (bytes != 0) {
            reserved.addAndGet(-bytes);
        }
    }

    /** Counts {@code bytes} (negative when passed on) of chunks held while waiting. */
    void buffered(long bytes) {
        if (bytes != 0) {
            buffered.addAndGet(bytes);
        }
    }

    /** Body bytes the gateway holds now: reserved for aggregation plus chunks waiting. */
    long inFlight() {
        return reserved.get() + buffered.get();
    }
}
