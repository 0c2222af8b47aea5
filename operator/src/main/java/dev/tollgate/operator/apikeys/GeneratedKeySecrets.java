package dev.tollgate.operator.apikeys;

import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.GenerateSecret;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Creates the Secret of each ApiKey with {@code spec.generateSecret} that does not exist yet, with
 * a random value as AWS generates one (40 letters and digits) under {@link GenerateSecret#SECRET_KEY}.
 * Only ever creates: an existing Secret (even one without that key) is left as it is, and a create
 * that loses a race (409) leaves the winner's. The Secret is owned by its ApiKey, so deleting the
 * key deletes its value, as in AWS.
 */
public final class GeneratedKeySecrets {
    /** Length of a generated value: AWS's generated API keys are 40 characters. */
    public static final int LENGTH = 40;

    /** Annotation naming the ApiKey a Secret was generated for. */
    public static final String GENERATED_FOR = "apigateway.tollgate.dev/generated-for";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(GeneratedKeySecrets.class);

    private GeneratedKeySecrets() {}

    /** A new random value: {@link #LENGTH} letters and digits. */
    public static String newValue() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * Creates the missing Secrets of {@code keys}; returns those it created.
     *
     * @param existing the Secrets of the namespace known now (an informer's view)
     */
    public static List<Secret> ensure(KubernetesClient client, List<ApiKey> keys, List<Secret> existing) {
        Set<String> names =
                existing.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        List<Secret> created = new ArrayList<>();
        for (ApiKey key : keys) {
            GenerateSecret generate =
                    key.getSpec() == null ? null : key.getSpec().getGenerateSecret();
            if (generate == null
                    || generate.getName() == null
                    || key.getSpec().getValueFrom() != null
                    || names.contains(generate.getName())) {
                continue;
            }
            Secret secret = secret(key, generate.getName());
            String where = key.getMetadata().getNamespace() + "/Secret/" + generate.getName();
            try {
                created.add(client.secrets()
                        .inNamespace(key.getMetadata().getNamespace())
                        .resource(secret)
                        .create());
                names.add(generate.getName());
                LOG.infof(
                        "generated the value of %s/ApiKey/%s into %s",
                        key.getMetadata().getNamespace(), key.getMetadata().getName(), where);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Created meanwhile (by a user or an earlier reconcile the cache has not seen): kept.
                LOG.debugf("%s exists already; not overwritten", where);
            }
        }
        return created;
    }

    private static Secret secret(ApiKey key, String name) {
        Map<String, String> data = new TreeMap<>();
        data.put(
                GenerateSecret.SECRET_KEY,
                Base64.getEncoder().encodeToString(newValue().getBytes(StandardCharsets.US_ASCII)));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(key.getMetadata().getNamespace())
                .withAnnotations(Map.of(GENERATED_FOR, key.getMetadata().getName()))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(key.getApiVersion())
                        .withKind(key.getKind())
                        .withName(key.getMetadata().getName())
                        .withUid(key.getMetadata().getUid())
                        .build())
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
