package dev.tollgate.dataplane.runtime;

import java.util.List;

/** A route's steps, in {@link StepOrder}, precomputed when the runtime is built. */
public final class StepChain {
    private final Step[] steps;
    private final boolean readsBody;

    public StepChain(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a chain ends with a step that responds");
        }
        this.steps = steps.toArray(new Step[0]);
        this.readsBody = steps.stream().anyMatch(BodyReadingStep.class::isInstance);
    }

    /** Whether a step of this chain reads the whole request body, so it must be aggregated first. */
    public boolean readsBody() {
        return readsBody;
    }

    /** The step at {@code index}, or null past the end. */
    Step at(int index) {
        return index < steps.length ? steps[index] : null;
    }

    public int size() {
        return steps.length;
    }
}
