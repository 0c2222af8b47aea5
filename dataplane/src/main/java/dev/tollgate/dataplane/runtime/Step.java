package dev.tollgate.dataplane.runtime;

/**
 * One stage of a route's pipeline. It runs on the exchange's event loop and never blocks: it
 * either calls {@link Exchange#proceed()}, answers with {@link Exchange#respond} or {@link
 * Exchange#fail}, or starts async work that later does one of those on the same event loop.
 */
@FunctionalInterface
public interface Step {
    void apply(Exchange exchange);
}
