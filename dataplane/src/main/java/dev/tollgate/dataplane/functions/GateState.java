package dev.tollgate.dataplane.functions;

import java.util.List;

/**
 * A function gate's state at one instant.
 *
 * @param capacity invocations that may run at once (one per endpoint this replica uses, or the
 *     function's {@code maxConcurrency})
 * @param running invocations holding a permit, including timed-out ones the function still runs
 * @param waiting calls queued for a permit
 * @param targets where invocations go now, each as {@code scheme://host:port}, in order
 */
public record GateState(int capacity, int running, int waiting, List<String> targets) {
    public GateState {
        targets = List.copyOf(targets);
    }
}
