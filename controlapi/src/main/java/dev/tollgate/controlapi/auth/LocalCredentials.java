package dev.tollgate.controlapi.auth;

import dev.tollgate.controlapi.sigv4.CredentialLookup;
import dev.tollgate.controlapi.sigv4.SigningCredential;
import java.util.List;
import java.util.Optional;

/**
 * Local mode's one access key, from {@code --control-credentials ID:SECRET[:NAMESPACE]}: it maps
 * to the namespace given (default {@code default}) and may do everything there.
 */
public final class LocalCredentials implements CredentialLookup<Caller> {
    /** The credentials used when none are given; accepted only on a loopback address. */
    public static final String DEFAULT = "test:test";

    private final SigningCredential<Caller> credential;

    private LocalCredentials(SigningCredential<Caller> credential) {
        this.credential = credential;
    }

    /** Parses {@code ID:SECRET[:NAMESPACE]}. */
    public static LocalCredentials parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("--control-credentials takes ID:SECRET[:NAMESPACE]");
        }
        String namespace = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : "default";
        if (!namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("--control-credentials: " + namespace + " is not a namespace name");
        }
        Caller caller = new Caller(parts[0], namespace, "local:" + parts[0], List.of());
        return new LocalCredentials(new SigningCredential<>(parts[0], parts[1], null, caller));
    }

    /** The access key id. */
    public String accessKeyId() {
        return credential.accessKeyId();
    }

    /** The namespace the key writes to. */
    public String namespace() {
        return credential.identity().namespace();
    }

    @Override
    public Optional<SigningCredential<Caller>> find(String accessKeyId) {
        return credential.accessKeyId().equals(accessKeyId) ? Optional.of(credential) : Optional.empty();
    }
}
