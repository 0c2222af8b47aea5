package dev.tollgate.operator;

import dev.tollgate.operator.dependents.DataPlaneNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Writes desired objects only when they changed: the hash of the desired state is kept in an
 * annotation, so defaults the API server adds never cause a rewrite, and an unchanged object is
 * never written (no watch events, no drift).
 */
final class ObjectWriter {
    private ObjectWriter() {}

    /** Creates the object, or updates it when its desired state changed; returns whether it wrote. */
    static boolean ensure(KubernetesClient client, HasMetadata desired) {
        String hash = hash(desired);
        Map<String, String> annotations = desired.getMetadata().getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(desired.getMetadata().getAnnotations());
        annotations.put(DataPlaneNames.DESIRED_HASH_ANNOTATION, hash);
        desired.getMetadata().setAnnotations(annotations);
        HasMetadata existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
            return true;
        }
        Map<String, String> current = existing.getMetadata().getAnnotations();
        if (current != null
                && hash.equals(current.get(DataPlaneNames.DESIRED_HASH_ANNOTATION))
                && sameContent(existing, desired)) {
            return false;
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.resource(desired).update();
        return true;
    }

    /**
     * Whether the payload the data plane reads is still what was written: someone editing the
     * ConfigMap or Secret by hand keeps the hash annotation, so the content itself is compared.
     */
    private static boolean sameContent(HasMetadata existing, HasMetadata desired) {
        if (existing instanceof ConfigMap e && desired instanceof ConfigMap d) {
            return Objects.equals(orEmpty(e.getData()), orEmpty(d.getData()))
                    && Objects.equals(orEmpty(e.getBinaryData()), orEmpty(d.getBinaryData()));
        }
        if (existing instanceof Secret e && desired instanceof Secret d) {
            return Objects.equals(orEmpty(e.getData()), orEmpty(d.getData()));
        }
        return true;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** Creates the object unless it exists; never changes an existing one. */
    static void createIfAbsent(KubernetesClient client, HasMetadata desired) {
        if (client.resource(desired).get() == null) {
            client.resource(desired).create();
        }
    }

    static String hash(HasMetadata desired) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
