package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.dataplane.http.GatewayError;
import io.netty.handler.codec.http.HttpResponseStatus;

/** AWS's answers of authorizers, each with its gateway response type. */
public final class AuthErrors {
    private AuthErrors() {}

    /** No token, or a token that does not verify (AWS's UNAUTHORIZED, 401). */
    public static final GatewayError UNAUTHORIZED =
            new GatewayError(HttpResponseStatus.UNAUTHORIZED, "Unauthorized", "UnauthorizedException", "UNAUTHORIZED");

    /** A valid token without a scope the route needs (AWS's ACCESS_DENIED, 403). */
    public static final GatewayError INSUFFICIENT_SCOPE =
            new GatewayError(HttpResponseStatus.FORBIDDEN, "Forbidden", "AccessDeniedException", "ACCESS_DENIED");

    /** The authorizer cannot decide: its key set is unreachable (AWS's 500). */
    public static final GatewayError CONFIGURATION_ERROR = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal server error",
            "AuthorizerConfigurationException",
            "AUTHORIZER_CONFIGURATION_ERROR");
}
