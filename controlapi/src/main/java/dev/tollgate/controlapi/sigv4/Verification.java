package dev.tollgate.controlapi.sigv4;

import java.util.Objects;

/**
 * The outcome of verifying one request.
 *
 * @param <I> the identity type
 */
public sealed interface Verification<I> {
    /**
     * The signature is valid.
     *
     * @param identity who signed, from the credential
     * @param accessKeyId the key id that signed
     * @param region the region of the credential scope
     * @param service the service of the credential scope
     */
    record Verified<I>(I identity, String accessKeyId, String region, String service) implements Verification<I> {
        public Verified {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
        }
    }

    /**
     * The request is refused.
     *
     * @param error what AWS would answer
     */
    record Refused<I>(SigV4Error error) implements Verification<I> {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
