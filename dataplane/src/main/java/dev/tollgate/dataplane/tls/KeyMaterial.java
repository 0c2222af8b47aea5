package dev.tollgate.dataplane.tls;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.controlapi.auth.SecretCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /**
     * The access keys of SigV4 callers of AWS_IAM methods in {@code namespace}: each key's Secret
     * values ({@code secretAccessKey}, {@code username}, ...) by access key id. None by default.
     */
    default SortedMap<String, Map<String, String>> accessKeys(String namespace) {
        return new TreeMap<>();
    }

    /**
     * Key material over Secrets read with the snapshot (local mode); the access keys are the Secrets
     * labelled {@value SecretInfo#ACCESS_KEY_ID_LABEL} (a key id two Secrets claim is neither's).
     */
    static KeyMaterial of(List<SecretInfo> secrets) {
        Map<String, SecretInfo> byName = new HashMap<>();
        for (SecretInfo s : secrets) {
            byName.put(s.namespace() + "/" + s.name(), s);
        }
        return new KeyMaterial() {
            @Override
            public byte[] value(String namespace, String name, String key) {
                SecretInfo s = byName.get(namespace + "/" + name);
                byte[] v = s == null ? null : s.data().get(key);
                return v == null ? null : v.clone();
            }

            @Override
            public SortedMap<String, Map<String, String>> accessKeys(String namespace) {
                Map<String, List<SecretInfo>> claimants = new TreeMap<>();
                for (SecretInfo s : secrets) {
                    if (s.namespace().equals(namespace) && SecretCredentials.validKeyId(s.accessKeyId())) {
                        claimants
                                .computeIfAbsent(s.accessKeyId(), k -> new ArrayList<>())
                                .add(s);
                    }
                }
                SortedMap<String, Map<String, String>> out = new TreeMap<>();
                claimants.forEach((id, list) -> {
                    if (list.size() == 1) {
                        Map<String, String> values = new TreeMap<>();
                        list.get(0).data().forEach((k, v) -> values.put(k, new String(v, StandardCharsets.UTF_8)));
                        out.put(id, values);
                    }
                });
                return out;
            }
        };
    }
}
