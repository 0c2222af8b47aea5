package dev.tollgate.controlapi.sigv4;

import java.util.Objects;

/**
 * Why a request's signature was refused, as AWS answers it.
 *
 * @param type AWS's error type, sent in {@code x-amzn-ErrorType}, e.g. {@code InvalidSignatureException}
 * @param status the HTTP status AWS answers with
 * @param message the {@code message} of the JSON body; never echoes a secret or a signature
 */
public record SigV4Error(String type, int status, String message) {
    /** Neither an Authorization header nor signed query parameters. */
    public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    /** The Authorization header lacks a part, or names an algorithm that is not SigV4. */
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    /** The signature does not match, the scope is wrong, or the timestamp is outside the allowed skew. */
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";
    /** The access key id (or its session token) is unknown. */
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

    public SigV4Error {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    static SigV4Error missing() {
        return new SigV4Error(MISSING_AUTHENTICATION_TOKEN, 403, "Missing Authentication Token");
    }

    static SigV4Error incomplete(String message) {
        return new SigV4Error(INCOMPLETE_SIGNATURE, 403, message);
    }

    static SigV4Error invalid(String message) {
        return new SigV4Error(INVALID_SIGNATURE, 403, message);
    }

    static SigV4Error mismatch() {
        return invalid("The request signature we calculated does not match the signature you provided. Check your"
                + " AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    static SigV4Error unrecognized() {
        return new SigV4Error(UNRECOGNIZED_CLIENT, 403, "The security token included in the request is invalid.");
    }
}
