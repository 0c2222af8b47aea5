package dev.tollgate.compiler;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Kubernetes Secret resources may refer to. Values stay out of {@link #toString()}, {@code
 * equals} compares them by content.
 *
 * @param namespace the Secret's namespace
 * @param name the Secret's name
 * @param type the Secret type, e.g. {@code Opaque} or {@code kubernetes.io/tls}
 * @param data decoded values by key
 * @param labels the Secret's labels (an access key's Secret is found by its label)
 */
public record SecretInfo(
        String namespace, String name, String type, SortedMap<String, byte[]> data, SortedMap<String, String> labels) {
    /** The label an access-key Secret carries, with the access key id as value. */
    public static final String ACCESS_KEY_ID_LABEL = "apigateway.tollgate.dev/access-key-id";

    public SecretInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        type = type == null ? "Opaque" : type;
        TreeMap<String, byte[]> copy = new TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> copy.put(k, v.clone()));
        }
        data = Collections.unmodifiableSortedMap(copy);
        labels = labels == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** A Secret without labels. */
    public SecretInfo(String namespace, String name, String type, SortedMap<String, byte[]> data) {
        this(namespace, name, type, data, null);
    }

    /** The access key id of an access-key Secret (its {@value #ACCESS_KEY_ID_LABEL} label), or null. */
    public String accessKeyId() {
        return labels.get(ACCESS_KEY_ID_LABEL);
    }

    /** Whether the Secret holds that key. */
    public boolean hasKey(String key) {
        return data.containsKey(key);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretInfo other)
                || !namespace.equals(other.namespace)
                || !name.equals(other.name)
                || !type.equals(other.type)
                || !labels.equals(other.labels)
                || !data.keySet().equals(other.data.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.data.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name, type, data.keySet());
    }

    @Override
    public String toString() {
        return "SecretInfo[" + namespace + "/" + name + ", type=" + type + ", labels=" + labels + ", keys="
                + data.keySet() + ", values=***]";
    }
}
