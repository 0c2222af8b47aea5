package dev.tollgate.operator.testing;

import dev.tollgate.operator.CompileCounter;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The compile counter of the operator under test, with a gate: a test can hold the next compile of a
 * namespace inside its reconcile, send changes while that reconcile runs, and release it. Without a
 * closed gate it only counts, so every other test runs the operator as shipped.
 */
@Mock
@ApplicationScoped
public class GatedCompileCounter extends CompileCounter {
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /** Holds the next compile of {@code namespace} until the returned gate is opened. */
    public Gate close(String namespace) {
        Gate gate = new Gate();
        gates.put(namespace, gate);
        return gate;
    }

    @Override
    public void compiled(String namespace) {
        super.compiled(namespace);
        Gate gate = gates.remove(namespace);
        if (gate != null) {
            gate.hold();
        }
    }

    /** A closed gate in front of one compile. */
    public static final class Gate {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        private void hold() {
            reached.countDown();
            try {
                // Bounded, so a failing test never leaves the operator stuck.
                opened.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until a reconcile holds at the gate; whether one did in time. */
        public boolean awaitHeld(Duration limit) throws InterruptedException {
            return reached.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets the held reconcile go on. */
        public void open() {
            opened.countDown();
        }
    }
}
