package dev.tollgate.dataplane.limits;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The shared state refuses this gateway: Redis refused its credentials, permissions or certificate,
 * or a Secret value it needs is missing. A configuration error, not an outage: limits never let a
 * request through because of it, whatever the failure mode says.
 */
public final class SharedStateRefusedException extends RuntimeException {
    SharedStateRefusedException(String message) {
        super(message, null, false, false);
    }

    /** Whether {@code error} (or what it wraps) is a refusal rather than an outage. */
    public static boolean isRefusal(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof SharedStateRefusedException;
    }
}
