package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.controlapi.sigv4.SigV4Error;
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

    /** The authorizer's policy denies the method explicitly (AWS's ACCESS_DENIED, 403). */
    public static final GatewayError EXPLICIT_DENY = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "User is not authorized to access this resource with an explicit deny",
            "AccessDeniedException",
            "ACCESS_DENIED");

    /** The authorizer's policy does not allow the method (AWS's ACCESS_DENIED, 403). */
    public static final GatewayError NOT_ALLOWED = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "User is not authorized to access this resource",
            "AccessDeniedException",
            "ACCESS_DENIED");

    /** The authorizer could not be reached or did not answer in time (AWS's AUTHORIZER_FAILURE, 500). */
    public static final GatewayError AUTHORIZER_FAILURE = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal server error",
            "AuthorizerFailureException",
            "AUTHORIZER_FAILURE");

    /** The authorizer cannot decide: its key set is unreachable or its answer is unusable (AWS's 500). */
    public static final GatewayError CONFIGURATION_ERROR = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal server error",
            "AuthorizerConfigurationException",
            "AUTHORIZER_CONFIGURATION_ERROR");

    /** AWS_IAM: a request without credentials (AWS's MISSING_AUTHENTICATION_TOKEN, 403). */
    public static final GatewayError MISSING_TOKEN = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "Missing Authentication Token",
            "MissingAuthenticationTokenException",
            "MISSING_AUTHENTICATION_TOKEN");

    /** AWS_IAM: a token the identity provider does not recognise (AWS's INVALID_SIGNATURE, 403). */
    public static final GatewayError INVALID_TOKEN = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "The security token included in the request is invalid.",
            "UnrecognizedClientException",
            "INVALID_SIGNATURE");

    /** AWS_IAM: a SigV4 refusal as AWS answers it (MISSING_AUTHENTICATION_TOKEN, else INVALID_SIGNATURE). */
    public static GatewayError of(SigV4Error error) {
        return new GatewayError(
                HttpResponseStatus.valueOf(error.status()),
                error.message(),
                error.type(),
                SigV4Error.MISSING_AUTHENTICATION_TOKEN.equals(error.type())
                        ? "MISSING_AUTHENTICATION_TOKEN"
                        : "INVALID_SIGNATURE");
    }
}
