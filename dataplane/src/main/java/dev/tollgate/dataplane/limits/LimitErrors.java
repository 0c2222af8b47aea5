package dev.tollgate.dataplane.limits;

import dev.tollgate.dataplane.http.GatewayError;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The AWS answers of API keys, throttles and quotas, and of a limit store that is down or refuses the gateway. */
public final class LimitErrors {
    private LimitErrors() {}

    /** A bucket is empty: AWS's THROTTLED gateway response. */
    public static final GatewayError THROTTLED = new GatewayError(
            HttpResponseStatus.TOO_MANY_REQUESTS, "Too Many Requests", "TooManyRequestsException", "THROTTLED");

    /** The key's quota for the period is used up: AWS's QUOTA_EXCEEDED gateway response. */
    public static final GatewayError QUOTA_EXCEEDED = new GatewayError(
            HttpResponseStatus.TOO_MANY_REQUESTS, "Limit Exceeded", "LimitExceededException", "QUOTA_EXCEEDED");

    /** Missing, unknown or disabled API key on a key-required method: AWS's INVALID_API_KEY. */
    public static final GatewayError INVALID_API_KEY =
            new GatewayError(HttpResponseStatus.FORBIDDEN, "Forbidden", "ForbiddenException", "INVALID_API_KEY");

    /** An unauthorized {@code Cache-Control: max-age=0} under FAIL_WITH_403. */
    public static final GatewayError CACHE_INVALIDATION_DENIED =
            new GatewayError(HttpResponseStatus.FORBIDDEN, "Forbidden", "ForbiddenException", "ACCESS_DENIED");

    /**
     * The shared limit store refuses the gateway (credentials, permissions, certificates): a
     * configuration error, answered as AWS answers its own configuration errors, in every failure mode.
     */
    public static final GatewayError LIMITS_MISCONFIGURED = GatewayError.INTERNAL;

    /**
     * What a limited request gets when its store call failed: null to let it through (an outage under
     * FAIL_OPEN), else the error to answer with.
     */
    public static GatewayError onStoreFailure(Throwable error, boolean failOpen) {
        if (SharedStateRefusedException.isRefusal(error)) {
            return LIMITS_MISCONFIGURED;
        }
        return failOpen ? null : LIMITS_UNAVAILABLE;
    }

    /** The shared limit store is unreachable and the Gateway fails closed. */
    public static final GatewayError LIMITS_UNAVAILABLE = new GatewayError(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Service Unavailable",
            "ServiceUnavailableException",
            "DEFAULT_5XX");
}
