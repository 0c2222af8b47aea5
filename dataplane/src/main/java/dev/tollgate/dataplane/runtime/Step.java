package dev.tollgate.dataplane.runtime;

/**
 * One stage of a route's pipeline. It runs on the exchange's event loop and never blocks: it
 * either calls {@link Exchange#proceed()}, answers with {@link Exchange#respond} or {@link
 * Exchange#fail}, or starts async work and continues through {@link Exchange#resume}, which brings
 * it back to the event loop and answers 500 should the continuation throw.
 */
@FunctionalInterface
public interface Step {
    void apply(Exchange exchange);
}
