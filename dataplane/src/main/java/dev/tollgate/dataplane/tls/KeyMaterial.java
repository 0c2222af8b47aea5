package dev.tollgate.dataplane.tls;

import dev.tollgate.compiler.SecretInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the data plane reads the Secret values the IR only names (certificates, keys, trust
 * stores). Local mode serves them from the folder's Secret manifests; an operator-fed data plane
 * implements this over the Secrets it is given. Values are never logged.
 */
@FunctionalInterface
public interface KeyMaterial {
    /** No Secrets at all. */
    KeyMaterial NONE = (namespace, name, key) -> null;

    /** The value of {@code key} in Secret {@code namespace/name}, or null when absent. */
    byte[] value(String namespace, String name, String key);

    /** Key material over Secrets read with the snapshot (local mode). */
    static KeyMaterial of(List<SecretInfo> secrets) {
        Map<String, SecretInfo> byName = new HashMap<>();
        for (SecretInfo s : secrets) {
            byName.put(s.namespace() + "/" + s.name(), s);
        }
        return (namespace, name, key) -> {
            SecretInfo s = byName.get(namespace + "/" + name);
            byte[] v = s == null ? null : s.data().get(key);
            return v == null ? null : v.clone();
        };
    }
}
