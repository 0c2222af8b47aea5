package dev.tollgate.controlapi.sigv4;

import java.util.Optional;

/**
 * Finds the credential of an access key id. Called once per verified request, on the caller's
 * thread: an implementation that reads Secrets keeps them cached (an informer or a watch).
 *
 * @param <I> the identity type
 */
@FunctionalInterface
public interface CredentialLookup<I> {
    /** The credential of {@code accessKeyId}, or empty when the key is unknown. */
    Optional<SigningCredential<I>> find(String accessKeyId);
}
