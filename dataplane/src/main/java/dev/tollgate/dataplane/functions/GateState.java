package dev.tollgate.dataplane.functions;

/**
 * A function gate's state at one instant.
 *
 * @param capacity invocations that may run at once (one per endpoint this replica uses, or the
 *     function's {@code maxConcurrency})
 * @param running invocations holding a permit, including timed-out ones the function still runs
 * @param waiting calls queued for a permit
 */
public record GateState(int capacity, int running, int waiting) {}
