package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.controlapi.sigv4.CredentialLookup;
import dev.tollgate.controlapi.sigv4.SigningCredential;
import dev.tollgate.dataplane.tls.KeyMaterial;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access keys of SigV4 callers of AWS_IAM methods, by namespace, held in memory: replaced whole
 * when the Secrets change (each config or key material the data plane applies), read on the event
 * loop with a map lookup, never a call to the API server. A key's Secret follows the control API's
 * convention ({@link SecretCredentials#credential}); without a {@code namespace} value it maps to the
 * namespace it is in.
 */
public final class AccessKeys {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeys.class);

    private volatile Map<String, Map<String, SigningCredential<Caller>>> byNamespace = Map.of();
    // Keys refused at the last update, so each is logged once rather than on every reload.
    private Set<String> refused = Set.of();

    /** Reads the access keys of {@code namespaces} from {@code keys}, replacing those held. */
    public synchronized void update(Collection<String> namespaces, KeyMaterial keys) {
        Map<String, Map<String, SigningCredential<Caller>>> next = new HashMap<>();
        Set<String> nowRefused = new HashSet<>();
        for (String namespace : new TreeSet<>(namespaces)) {
            Map<String, SigningCredential<Caller>> credentials = new HashMap<>();
            keys.accessKeys(namespace).forEach((id, values) -> {
                Optional<SigningCredential<Caller>> credential = SecretCredentials.credential(id, values, namespace);
                if (credential.isPresent()) {
                    credentials.put(id, credential.get());
                } else if (nowRefused.add(namespace + "/" + id) && !refused.contains(namespace + "/" + id)) {
                    // The values are never printed.
                    LOG.warn("{}: access key {} lacks secretAccessKey or username; refused", namespace, id);
                }
            });
            next.put(namespace, Map.copyOf(credentials));
        }
        byNamespace = Map.copyOf(next);
        refused = nowRefused;
    }

    /** The keys of {@code namespace}, looked up when a request is verified (the newest set each time). */
    public CredentialLookup<Caller> in(String namespace) {
        return id -> {
            Map<String, SigningCredential<Caller>> keys = byNamespace.get(namespace);
            return keys == null ? Optional.empty() : Optional.ofNullable(keys.get(id));
        };
    }

    /** How many keys {@code namespace} has now. */
    public int size(String namespace) {
        Map<String, SigningCredential<Caller>> keys = byNamespace.get(namespace);
        return keys == null ? 0 : keys.size();
    }
}
