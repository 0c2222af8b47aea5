package dev.tollgate.dataplane.runtime;

/**
 * What a WebSocket connection's event adds to an exchange's {@code $context}: the exchange of a
 * {@code $connect} upgrade, of one message, or of the {@code $disconnect} after a close.
 *
 * @param connectionId the connection's id (unique, opaque; the {@code @connections} API's key)
 * @param connectedAtMillis when the connection was opened (epoch milliseconds)
 * @param eventType {@code CONNECT}, {@code MESSAGE} or {@code DISCONNECT}, as AWS names them
 * @param messageId the message's id, null for connect and disconnect
 * @param routeKey the route key the event runs
 */
public record WebSocketEvent(
        String connectionId, long connectedAtMillis, String eventType, String messageId, String routeKey) {
    /** {@code $context.eventType} of the {@code $connect} exchange. */
    public static final String CONNECT = "CONNECT";

    /** {@code $context.eventType} of a message's exchange. */
    public static final String MESSAGE = "MESSAGE";

    /** {@code $context.eventType} of the {@code $disconnect} exchange. */
    public static final String DISCONNECT = "DISCONNECT";
}
