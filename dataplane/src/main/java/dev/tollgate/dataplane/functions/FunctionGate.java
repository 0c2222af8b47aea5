package dev.tollgate.dataplane.functions;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function's concurrency bound: the places its invocations go (targets), each with how many
 * invocations it takes at once, and the calls waiting for one. A function bounded by its ready
 * endpoints has one target per endpoint taking one invocation, so no emulator ever sees two; a
 * function with an explicit {@code maxConcurrency} has one target, its Service, taking that many.
 *
 * <p>The targets change live ({@link #targets}): the next call sees the new ones, calls in flight
 * are never refused by the change, and a target that left stays counted until its last call ends,
 * so an endpoint that comes back is not given a second invocation while an old one still runs.
 * Thread-safe; permits are granted on the caller's event loop.
 */
public final class FunctionGate {
    /** Calls that may wait per unit of capacity (at least one unit) before the queue refuses. */
    public static final int QUEUE_PER_PERMIT = 64;

    /** Why a call got no permit. */
    public static final class Throttled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Throttled(String message) {
            super(message, null, false, false);
        }
    }

    /** A target's invocations: how many it takes, how many run there now. */
    private static final class Target {
        final UpstreamAddress address;
        int capacity;
        int running;

        Target(UpstreamAddress address, int capacity) {
            this.address = address;
            this.capacity = capacity;
        }
    }

    private final ArrayDeque<Promise<FunctionPermit>> waiting = new ArrayDeque<>();
    // Insertion-ordered so the round robin walks targets in a stable order.
    private final Map<UpstreamAddress, Target> targets = new LinkedHashMap<>();
    private int capacity;
    private int cursor;

    FunctionGate(Map<UpstreamAddress, Integer> initial) {
        targets(initial);
    }

    /**
     * Replaces the targets (address → invocations it takes at once). Waiting calls get the new
     * room at once; a target that left keeps its running calls until they end.
     */
    void targets(Map<UpstreamAddress, Integer> wanted) {
        List<Grant> grants;
        synchronized (this) {
            for (Iterator<Target> it = targets.values().iterator(); it.hasNext(); ) {
                Target t = it.next();
                if (!wanted.containsKey(t.address)) {
                    if (t.running == 0) {
                        it.remove();
                    } else {
                        t.capacity = 0;
                    }
                }
            }
            wanted.forEach((address, room) -> targets.computeIfAbsent(address, a -> new Target(a, 0)).capacity = room);
            capacity = 0;
            for (Target t : targets.values()) {
                capacity += t.capacity;
            }
            grants = grantsLocked();
        }
        complete(grants);
    }

    /** Invocations that may run at once now. */
    public synchronized int capacity() {
        return capacity;
    }

    /** Invocations holding a permit now. */
    public synchronized int running() {
        int n = 0;
        for (Target t : targets.values()) {
            n += t.running;
        }
        return n;
    }

    /** Calls waiting for a permit now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Capacity, running and waiting calls, read at one instant. */
    public synchronized GateState state() {
        List<String> where = new ArrayList<>();
        for (Target t : targets.values()) {
            if (t.capacity > 0) {
                where.add(t.address.toString());
            }
        }
        return new GateState(capacity, running(), waiting.size(), where);
    }

    /**
     * A permit, completed on {@code loop}: at once when a target has room, after a wait when the
     * queue has room, else failed with {@link Throttled}. The holder calls {@link
     * FunctionPermit#release()} once its invocation is over.
     */
    public Future<FunctionPermit> acquire(EventLoop loop, long maxWaitMillis) {
        Promise<FunctionPermit> promise;
        synchronized (this) {
            FunctionPermit free = takeLocked();
            if (free != null) {
                return loop.newSucceededFuture(free);
            }
            if (waiting.size() >= (long) Math.max(1, capacity) * QUEUE_PER_PERMIT) {
                return loop.newFailedFuture(new Throttled("queue full"));
            }
            promise = loop.newPromise();
            waiting.add(promise);
        }
        loop.schedule(
                () -> {
                    boolean stillWaiting;
                    synchronized (this) {
                        // Out of the queue first, so a grant never goes to a call that gave up.
                        stillWaiting = waiting.remove(promise);
                    }
                    if (stillWaiting) {
                        promise.tryFailure(new Throttled("waited " + maxWaitMillis + " ms"));
                    }
                },
                maxWaitMillis,
                TimeUnit.MILLISECONDS);
        return promise;
    }

    /** The next target with room, round robin, taken; null when all are full. */
    private FunctionPermit takeLocked() {
        int n = targets.size();
        if (n == 0) {
            return null;
        }
        List<Target> order = new ArrayList<>(targets.values());
        for (int i = 0; i < n; i++) {
            Target t = order.get((cursor + i) % n);
            if (t.running < t.capacity) {
                t.running++;
                cursor = (cursor + i + 1) % n;
                return new FunctionPermit(this, t.address);
            }
        }
        return null;
    }

    /** Ends a permit's invocation on its target and hands the room to a waiting call. */
    void release(UpstreamAddress address) {
        List<Grant> grants;
        synchronized (this) {
            Target t = targets.get(address);
            if (t == null) {
                return;
            }
            t.running--;
            if (t.running == 0 && t.capacity == 0) {
                // A target that left was kept only while calls ran on it.
                targets.remove(address);
            }
            grants = grantsLocked();
        }
        complete(grants);
    }

    private record Grant(Promise<FunctionPermit> promise, FunctionPermit permit) {}

    /** Pairs waiting calls with free room, under the lock; completed outside it. */
    private List<Grant> grantsLocked() {
        List<Grant> grants = null;
        while (!waiting.isEmpty()) {
            FunctionPermit permit = takeLocked();
            if (permit == null) {
                break;
            }
            if (grants == null) {
                grants = new ArrayList<>();
            }
            grants.add(new Grant(waiting.poll(), permit));
        }
        return grants == null ? List.of() : grants;
    }

    private static void complete(List<Grant> grants) {
        // Outside the lock: completing a promise may run its listener inline.
        for (Grant g : grants) {
            if (!g.promise().trySuccess(g.permit())) {
                // The call stopped waiting meanwhile: the room goes to the next one.
                g.permit().release();
            }
        }
    }
}
