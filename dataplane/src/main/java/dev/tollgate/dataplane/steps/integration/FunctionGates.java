package dev.tollgate.dataplane.steps.integration;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The concurrency bound of each Lambda function: at most {@code maxConcurrency} invocations run at
 * once (the Runtime Interface Emulator runs one at a time per process and refuses the rest); more
 * wait in a short queue, and a call that waits too long or finds the queue full is refused as AWS
 * answers a throttled function. Held by the step factory, so a reload keeps the invocations in
 * flight counted.
 */
final class FunctionGates {
    /** Calls that may wait per permit before the queue refuses. */
    static final int QUEUE_PER_PERMIT = 64;

    /** The longest a call waits for a permit. */
    static final long MAX_WAIT_MILLIS = 5_000;

    /** Why a call got no permit. */
    static final class Throttled extends RuntimeException {
        Throttled(String message) {
            super(message, null, false, false);
        }
    }

    private final ConcurrentMap<String, Gate> gates = new ConcurrentHashMap<>();

    /** The gate of a function (by namespace, Service and function), with the newest bound. */
    Gate gate(String key, int limit) {
        Gate gate = gates.computeIfAbsent(key, k -> new Gate(limit));
        gate.limit(limit);
        return gate;
    }

    /** One function's permits and waiting calls. */
    static final class Gate {
        private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
        private int limit;
        private int running;

        Gate(int limit) {
            this.limit = limit;
        }

        synchronized void limit(int newLimit) {
            this.limit = newLimit;
        }

        /** Invocations holding a permit now. */
        synchronized int running() {
            return running;
        }

        /**
         * A permit, completed on {@code loop}: at once when one is free, after a wait when the
         * queue has room, else failed with {@link Throttled}. The holder calls {@link #release()}.
         */
        Future<Void> acquire(EventLoop loop, long maxWaitMillis) {
            Promise<Void> promise;
            synchronized (this) {
                if (running < limit) {
                    running++;
                    return loop.newSucceededFuture(null);
                }
                if (waiting.size() >= (long) limit * QUEUE_PER_PERMIT) {
                    return loop.newFailedFuture(new Throttled("queue full"));
                }
                promise = loop.newPromise();
                waiting.add(promise);
            }
            loop.schedule(
                    () -> {
                        if (promise.tryFailure(new Throttled("waited " + maxWaitMillis + " ms"))) {
                            synchronized (this) {
                                waiting.remove(promise);
                            }
                        }
                    },
                    maxWaitMillis,
                    TimeUnit.MILLISECONDS);
            return promise;
        }

        /** Gives the permit to the next waiting call, or back. */
        void release() {
            while (true) {
                Promise<Void> next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null || running > limit) {
                        if (next != null) {
                            waiting.addFirst(next);
                        }
                        running--;
                        return;
                    }
                }
                // Outside the lock: completing the promise may run its listener inline.
                if (next.trySuccess(null)) {
                    return;
                }
            }
        }
    }
}
