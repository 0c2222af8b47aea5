package dev.tollgate.dataplane.limits;

import dev.tollgate.dataplane.runtime.Exchange;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** Continues an exchange with an async result on the exchange's own event loop. */
public final class Resume {
    private Resume() {}

    /**
     * Calls {@code then} with the result (or the failure) on the exchange's event loop: inline
     * when the future is already done and we are on that loop (local state), else by a hop.
     */
    public static <T> void on(Exchange exchange, CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        if (future.isDone() && exchange.eventLoop().inEventLoop()) {
            T value;
            try {
                value = future.join();
            } catch (RuntimeException e) {
                then.accept(null, e.getCause() != null ? e.getCause() : e);
                return;
            }
            then.accept(value, null);
            return;
        }
        future.whenComplete((value, error) -> exchange.eventLoop().execute(() -> then.accept(value, error)));
    }
}
