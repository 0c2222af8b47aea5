package dev.tollgate.controlapi.http;

/**
 * An error the control API answers with, as AWS's: the type goes in {@code x-amzn-ErrorType}, the
 * message in the JSON body's {@code message}. Thrown by operations for bad input and missing
 * resources; the server turns it into the response.
 */
public final class AwsException extends RuntimeException {
    private final String type;
    private final int status;

    public AwsException(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    /** The AWS error type, e.g. {@code NotFoundException}. */
    public String type() {
        return type;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** 404 NotFoundException. */
    public static AwsException notFound(String message) {
        return new AwsException("NotFoundException", 404, message);
    }

    /** 409 ConflictException. */
    public static AwsException conflict(String message) {
        return new AwsException("ConflictException", 409, message);
    }

    /** 400 BadRequestException. */
    public static AwsException badRequest(String message) {
        return new AwsException("BadRequestException", 400, message);
    }

    /** 429 TooManyRequestsException. */
    public static AwsException tooManyRequests(String message) {
        return new AwsException("TooManyRequestsException", 429, message);
    }

    /** 403 AccessDeniedException. */
    public static AwsException accessDenied(String message) {
        return new AwsException("AccessDeniedException", 403, message);
    }

    /** 503 ServiceUnavailableException: the store (API server, folder) could not be reached. */
    public static AwsException unavailable(String message) {
        return new AwsException("ServiceUnavailableException", 503, message);
    }
}
