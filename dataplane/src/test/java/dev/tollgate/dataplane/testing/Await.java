package dev.tollgate.dataplane.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for a condition instead of sleeping a fixed time: polls until it holds or a generous
 * deadline passes (a loaded 2-core machine is slow, never wrong), then fails naming what it waited
 * for.
 */
public final class Await {
    /** How long a condition may take before the test fails. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Returns once {@code condition} holds; fails with {@code what} after the deadline. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Probes until {@code done} accepts the value and returns it; after the deadline returns the last
     * value probed, for the caller's assertion to describe. A probe that throws fails at once.
     */
    public static <T> T value(Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T last = probe.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            last = probe.call();
        }
        return last;
    }
}
