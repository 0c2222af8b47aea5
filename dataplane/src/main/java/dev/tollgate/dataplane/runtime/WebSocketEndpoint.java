package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.GatewayError;

/**
 * What the server adds to a WebSocket API's stage beyond its routes: the {@code @connections}
 * management API, served on the stage's path ({@code /{stage}/@connections/{connectionId}}).
 */
@FunctionalInterface
public interface WebSocketEndpoint {
    /** A gateway without the management API: every call is refused 403. */
    WebSocketEndpoint NONE = (exchange, namespace, api, stage, connectionId) -> exchange.fail(GatewayError.FORBIDDEN);

    /**
     * Serves one {@code @connections} request (POST sends, GET describes, DELETE closes) on the
     * exchange's event loop; it answers through the exchange.
     *
     * @param connectionId the id in the path, or null when the path names none
     */
    void connections(Exchange exchange, String namespace, String api, String stage, String connectionId);
}
