package dev.tollgate.controlapi.auth;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.controlapi.sigv4.CredentialLookup;
import dev.tollgate.controlapi.sigv4.SigningCredential;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access keys kept in Secrets of one namespace (the operator's, so that only its admins can mint
 * keys): a Secret labelled {@value #KEY_ID_LABEL}{@code =<access key id>} holds {@code
 * secretAccessKey}, the {@code namespace} the key writes to, the Kubernetes {@code username} RBAC
 * judges, and optional comma-separated {@code groups}. Looked up on each request, so a deleted
 * Secret revokes its key at once.
 */
public final class SecretCredentials implements CredentialLookup<Caller> {
    /** The label carrying the access key id. */
    public static final String KEY_ID_LABEL = SecretInfo.ACCESS_KEY_ID_LABEL;

    /** The values of an access-key Secret the convention reads. */
    public static final List<String> FIELDS = List.of("groups", "namespace", "secretAccessKey", "username");

    /** Where a data plane's own Secret carries access keys: {@value}{@code <access key id>.<field>}. */
    public static final String COPY_PREFIX = "AccessKey.";

    private static final Logger LOG = LoggerFactory.getLogger(SecretCredentials.class);

    private final KubernetesClient client;
    private final String namespace;

    /**
     * @param namespace where the access key Secrets live
     */
    public SecretCredentials(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Optional<SigningCredential<Caller>> find(String accessKeyId) {
        if (!validKeyId(accessKeyId)) {
            return Optional.empty();
        }
        List<Secret> secrets;
        try {
            secrets = client.secrets()
                    .inNamespace(namespace)
                    .withLabel(KEY_ID_LABEL, accessKeyId)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read access key Secrets in {}: {}", namespace, e.getCode());
            return Optional.empty();
        }
        if (secrets.size() != 1) {
            if (secrets.size() > 1) {
                LOG.warn(
                        "{} Secrets in {} claim access key id {}; none is used",
                        secrets.size(),
                        namespace,
                        accessKeyId);
            }
            return Optional.empty();
        }
        Optional<SigningCredential<Caller>> credential = credential(accessKeyId, decode(secrets.get(0)), null);
        if (credential.isEmpty()) {
            LOG.warn(
                    "{}/{} lacks secretAccessKey, namespace or username; key {} refused",
                    namespace,
                    secrets.get(0).getMetadata().getName(),
                    accessKeyId);
        }
        return credential;
    }

    /**
     * The credential an access-key Secret's values describe, the one reading of the convention for
     * every caller (the control API here, the data plane's AWS_IAM methods from its in-memory copy).
     *
     * @param accessKeyId the id the Secret's {@value #KEY_ID_LABEL} label carries
     * @param data the Secret's decoded values
     * @param defaultNamespace the namespace when the Secret names none, or null when it must name one
     * @return empty when {@code secretAccessKey}, {@code username} or a namespace is missing
     */
    public static Optional<SigningCredential<Caller>> credential(
            String accessKeyId, Map<String, String> data, String defaultNamespace) {
        String secret = data.get("secretAccessKey");
        String ns = data.getOrDefault("namespace", defaultNamespace);
        String username = data.get("username");
        if (!validKeyId(accessKeyId)
                || secret == null
                || secret.isEmpty()
                || ns == null
                || ns.isBlank()
                || username == null
                || username.isBlank()) {
            return Optional.empty();
        }
        List<String> groups = data.containsKey("groups")
                ? Arrays.stream(data.get("groups").split(","))
                        .map(String::trim)
                        .filter(g -> !g.isEmpty())
                        .toList()
                : List.of();
        return Optional.of(new SigningCredential<>(
                accessKeyId, secret, null, new Caller(accessKeyId, ns.trim(), username.trim(), groups)));
    }

    /**
     * The key under which a data plane's own Secret carries {@code field} of access key {@code
     * accessKeyId} (Secret names are lower case, so no copied Secret value shares the prefix).
     */
    public static String copyKey(String accessKeyId, String field) {
        return COPY_PREFIX + accessKeyId + "." + field;
    }

    /** Whether {@code accessKeyId} has the shape of an access key id (it can be a label value). */
    public static boolean validKeyId(String accessKeyId) {
        return accessKeyId != null && accessKeyId.matches("[A-Za-z0-9._-]{1,63}");
    }

    private static Map<String, String> decode(Secret s) {
        Map<String, String> out = new TreeMap<>();
        if (s.getData() != null) {
            s.getData()
                    .forEach((k, v) ->
                            out.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }
}
