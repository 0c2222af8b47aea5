package dev.tollgate.ir;

/**
 * What makes a route of a WebSocket API one: its route key and whether it answers on the socket.
 *
 * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default}, or the value the API's
 *     route selection expression selects
 * @param twoWay whether the integration's answer is sent back to the client as a message (a route
 *     response, AWS's {@code routeResponseSelectionExpression: $default})
 */
public record WebSocketRouteConfig(String routeKey, boolean twoWay) {
    /** The route run when a client opens a connection; a non-2xx answer refuses it. */
    public static final String CONNECT = "$connect";

    /** The route run (best effort) when a connection closes. */
    public static final String DISCONNECT = "$disconnect";

    /** The route of every message no other route is selected for. */
    public static final String DEFAULT = "$default";

    public WebSocketRouteConfig {
        Ir.require(routeKey, "routeKey");
    }

    /** The resource path a route key is served under in the stage's route list. */
    public static String resourcePath(String routeKey) {
        return "/" + routeKey;
    }
}
