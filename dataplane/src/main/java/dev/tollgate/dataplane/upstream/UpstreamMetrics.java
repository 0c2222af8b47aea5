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
    private final LongAdder calls = new LongAdder();

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

    /** Connections established and not closed yet (busy or idle in a pool). */
    public long connectionsOpen() {
        return connectionsOpened() - connectionsClosed();
    }

    /**
     * Calls in progress: waiting for a connection, being written, or awaiting or streaming their
     * response; a call the caller abandons leaves at once.
     */
    public long callsInFlight() {
        return calls.sum();
    }

    void onCallStarted() {
        calls.increment();
    }

    void onCallEnded() {
        calls.decrement();
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
                + connectionsReused() + ", retried=" + requestsRetried() + ", inFlight=" + callsInFlight() + "]";
    }
}
