package dev.tollgate.dataplane.upstream;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link UpstreamClient}, summed over all event loops; safe to read from any
 * thread (e.g. a Micrometer {@code FunctionCounter}).
 */
public final class UpstreamMetrics {
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder reused = new LongAdder();
    private final LongAdder retried = new LongAdder();

    UpstreamMetrics() {}

    /** Connections established (TCP connected and, for https, TLS handshake done). */
    public long connectionsOpened() {
        return opened.sum();
    }

    /** Established connections closed since, for any reason. */
    public long connectionsClosed() {
        return closed.sum();
    }

    /** Requests sent on a connection that had already served a response. */
    public long connectionsReused() {
        return reused.sum();
    }

    /** Idempotent requests resent on a new connection after a stale keep-alive one failed. */
    public long requestsRetried() {
        return retried.sum();
    }

    void onOpened() {
        opened.increment();
    }

    void onClosed() {
        closed.increment();
    }

    void onReused() {
        reused.increment();
    }

    void onRetried() {
        retried.increment();
    }

    @Override
    public String toString() {
        return "UpstreamMetrics[opened=" + connectionsOpened() + ", closed=" + connectionsClosed() + ", reused="
                + connectionsReused() + ", retried=" + requestsRetried() + "]";
    }
}
