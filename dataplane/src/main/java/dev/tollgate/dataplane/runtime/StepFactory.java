package dev.tollgate.dataplane.runtime;

/** Turns one route's IR into its step for one feature, or into nothing when the feature is off. */
@FunctionalInterface
public interface StepFactory {
    /** The step, or null when the route does not need this feature. */
    Step create(StepContext context);
}
