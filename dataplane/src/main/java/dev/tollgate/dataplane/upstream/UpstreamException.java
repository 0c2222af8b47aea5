package dev.tollgate.dataplane.upstream;

import java.util.Objects;

/** Why an upstream call produced no response; the gateway maps each {@link Kind} to an AWS error. */
public final class UpstreamException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The failure classes the gateway distinguishes. */
    public enum Kind {
        /** The request deadline passed (connect, write and response all count). */
        TIMEOUT,
        /** No connection: refused, unresolvable host, TLS handshake failed, or no free slot. */
        CONNECT_FAILED,
        /** The backend closed or reset the connection before the response was complete. */
        CONNECTION_RESET,
        /** The response body exceeds the configured maximum. */
        RESPONSE_TOO_LARGE,
        /** The backend answered with something that is not valid HTTP/1.x. */
        PROTOCOL_ERROR
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message, Throwable cause) {
        // No stack trace: these fail futures from event-loop internals, where a trace says nothing.
        super(message, cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public UpstreamException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
