package dev.tollgate.controlapi.auth;

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
    public static final String KEY_ID_LABEL = "apigateway.tollgate.dev/access-key-id";

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
        if (!accessKeyId.matches("[A-Za-z0-9._-]{1,63}")) {
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
        Map<String, String> data = decode(secrets.get(0));
        String secret = data.get("secretAccessKey");
        String ns = data.get("namespace");
        String username = data.get("username");
        if (secret == null || ns == null || username == null) {
            LOG.warn(
                    "{}/{} lacks secretAccessKey, namespace or username; key {} refused",
                    namespace,
                    secrets.get(0).getMetadata().getName(),
                    accessKeyId);
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
