package dev.tollgate.dataplane.http;

/** A request the gateway refuses to interpret (answered with 400); the message names the reason. */
public final class MalformedRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String reason) {
        super(reason, null, false, false);
    }
}
