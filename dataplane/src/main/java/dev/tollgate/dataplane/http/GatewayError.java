package dev.tollgate.dataplane.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Objects;

/**
 * An error the gateway answers itself, as AWS API Gateway does: a status, the {@code message} of
 * the JSON body, the {@code x-amzn-ErrorType} header and the gateway response type AWS names it
 * with ({@code $context.error.responseType}).
 *
 * @param status the HTTP status
 * @param message the text of {@code {"message": "..."}}
 * @param errorType the {@code x-amzn-ErrorType} header value
 * @param responseType AWS's gateway response type, e.g. {@code MISSING_AUTHENTICATION_TOKEN}
 */
public record GatewayError(HttpResponseStatus status, String message, String errorType, String responseType) {

    /** Malformed or hostile request (the guard's answer). */
    public static final GatewayError BAD_REQUEST =
            new GatewayError(HttpResponseStatus.BAD_REQUEST, "Bad Request", "BadRequestException", "BAD_REQUEST_BODY");

    /** Request target longer than the URL cap. */
    public static final GatewayError URI_TOO_LONG = new GatewayError(
            HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "Request-URI Too Long",
            "BadRequestException",
            "REQUEST_TOO_LARGE");

    /** Header section over the size or count cap. */
    public static final GatewayError HEADERS_TOO_LARGE = new GatewayError(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request Header Fields Too Large",
            "BadRequestException",
            "REQUEST_TOO_LARGE");

    /** Body over AWS's 10 MB payload limit; AWS's REQUEST_TOO_LARGE gateway response. */
    public static final GatewayError REQUEST_TOO_LARGE = new GatewayError(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "Request Too Long",
            "RequestEntityTooLargeException",
            "REQUEST_TOO_LARGE");

    /** An {@code Expect} other than {@code 100-continue}. */
    public static final GatewayError EXPECTATION_FAILED = new GatewayError(
            HttpResponseStatus.EXPECTATION_FAILED, "Expectation Failed", "BadRequestException", "BAD_REQUEST_BODY");

    /** The client was too slow sending its request's headers or body. */
    public static final GatewayError REQUEST_TIMEOUT = new GatewayError(
            HttpResponseStatus.REQUEST_TIMEOUT, "Request Timeout", "RequestTimeoutException", "DEFAULT_4XX");

    /** The gateway cannot take the request now (not ready, or its budget of body bytes is spent). */
    public static final GatewayError SERVICE_UNAVAILABLE = new GatewayError(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Service Unavailable",
            "ServiceUnavailableException",
            "DEFAULT_5XX");

    /** The body does not match the method's model (a request validator that validates the body). */
    public static final GatewayError INVALID_REQUEST_BODY = new GatewayError(
            HttpResponseStatus.BAD_REQUEST, "Invalid request body", "BadRequestException", "BAD_REQUEST_BODY");

    /** REST API: no resource or no method matched (AWS's famous answer to a wrong URL). */
    public static final GatewayError MISSING_AUTHENTICATION_TOKEN = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "Missing Authentication Token",
            "MissingAuthenticationTokenException",
            "MISSING_AUTHENTICATION_TOKEN");

    /** Unknown host, unknown stage or a disabled default endpoint. */
    public static final GatewayError FORBIDDEN =
            new GatewayError(HttpResponseStatus.FORBIDDEN, "Forbidden", "ForbiddenException", "ACCESS_DENIED");

    /** HTTP API: no route and no {@code $default} route. */
    public static final GatewayError NOT_FOUND =
            new GatewayError(HttpResponseStatus.NOT_FOUND, "Not Found", "NotFoundException", "RESOURCE_NOT_FOUND");

    /** The body's content type has no template and passthrough forbids it. */
    public static final GatewayError UNSUPPORTED_MEDIA_TYPE = new GatewayError(
            HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type",
            "UnsupportedMediaTypeException",
            "UNSUPPORTED_MEDIA_TYPE");

    /** The backend did not answer within the integration timeout. */
    public static final GatewayError INTEGRATION_TIMEOUT = new GatewayError(
            HttpResponseStatus.GATEWAY_TIMEOUT,
            "Endpoint request timed out",
            "InternalServerErrorException",
            "INTEGRATION_TIMEOUT");

    /**
     * The backend refused, reset, or answered something unusable. AWS answers a bad integration
     * response with 502 and this text.
     */
    public static final GatewayError INTEGRATION_FAILURE = new GatewayError(
            HttpResponseStatus.BAD_GATEWAY,
            "Internal server error",
            "InternalServerErrorException",
            "INTEGRATION_FAILURE");

    /**
     * The API's own configuration failed the request: a mapping template that failed or passed a
     * render bound, a backend status no integration response selects. AWS answers 500 with this
     * response type.
     */
    public static final GatewayError API_CONFIGURATION_ERROR = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal server error",
            "InternalServerErrorException",
            "API_CONFIGURATION_ERROR");

    /**
     * A payload a mapping reads as JSON is not JSON: AWS's 400 {@code Could not parse request body
     * into json: ...}.
     */
    public static GatewayError unparsableBody(String reason) {
        return new GatewayError(
                HttpResponseStatus.BAD_REQUEST,
                "Could not parse request body into json: " + reason,
                "BadRequestException",
                "BAD_REQUEST_BODY");
    }

    /** A bug or an unexpected fault inside the gateway. */
    public static final GatewayError INTERNAL = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal server error",
            "InternalServerErrorException",
            "DEFAULT_5XX");

    /**
     * Required method request parameters are missing or blank (a request validator that validates
     * parameters): AWS names them, in the order of their {@code method.request.*} keys.
     */
    public static GatewayError missingParameters(List<String> names) {
        return new GatewayError(
                HttpResponseStatus.BAD_REQUEST,
                "Missing required request parameters: [" + String.join(", ", names) + "]",
                "BadRequestException",
                "BAD_REQUEST_PARAMETERS");
    }

    /** HTTP API: the integration failed or the gateway did (AWS's HTTP API wording). */
    public static final GatewayError HTTP_API_INTERNAL = new GatewayError(
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "InternalServerErrorException",
            "DEFAULT_5XX");

    /** HTTP API: the integration did not answer in time. */
    public static final GatewayError HTTP_API_TIMEOUT = new GatewayError(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Service Unavailable",
            "ServiceUnavailableException",
            "INTEGRATION_TIMEOUT");

    /**
     * The error as an HTTP API answers it: a failed integration (or gateway) is 500 {@code Internal
     * Server Error}, a timed-out one 503 {@code Service Unavailable}; the rest as REST APIs.
     */
    public GatewayError forHttpApi() {
        if (this == INTEGRATION_FAILURE || this == INTERNAL) {
            return HTTP_API_INTERNAL;
        }
        return this == INTEGRATION_TIMEOUT ? HTTP_API_TIMEOUT : this;
    }

    public GatewayError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(responseType, "responseType");
    }
}
