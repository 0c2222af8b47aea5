package dev.tollgate.controlapi.sigv4;

import java.util.Objects;

/**
 * What a verifier knows about one access key id.
 *
 * @param accessKeyId the public key id, e.g. {@code AKIDEXAMPLE}
 * @param secretAccessKey the shared secret; never logged ({@link #toString()} hides it)
 * @param sessionToken the session token the key must be sent with, or null for a long-term key
 * @param identity who signs with this key, as the caller of the verifier names identities
 * @param <I> the identity type
 */
public record SigningCredential<I>(String accessKeyId, String secretAccessKey, String sessionToken, I identity) {
    public SigningCredential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "SigningCredential[" + accessKeyId + ", identity=" + identity + ", secret=***]";
    }
}
