package dev.tollgate.dataplane.source.kube;

import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.dataplane.tls.KeyDigest;
import dev.tollgate.dataplane.tls.KeyMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Key material over the data plane's own Secret, which the operator fills with every Secret value
 * the config references, key {@code <secretName>.<key>}, all in the Gateway's namespace: {@code
 * value(ns, name, key)} is {@code data[name + "." + key]} when {@code ns} is that namespace, else
 * null. Values are never logged; {@link #toString()} names only the keys' count.
 */
public final class SecretKeyMaterial implements KeyMaterial {
    private final String namespace;
    private final SortedMap<String, byte[]> data;

    /** Key material of {@code namespace} over decoded values by {@code <secretName>.<key>}. */
    public SecretKeyMaterial(String namespace, Map<String, byte[]> data) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        TreeMap<String, byte[]> copy = new TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v.clone());
                }
            });
        }
        this.data = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Key material over a Secret's {@code data} (base64, as the API carries it) and {@code
     * stringData}; a value that is not valid base64 is left out.
     */
    public static SecretKeyMaterial fromSecret(
            String namespace, Map<String, String> data, Map<String, String> stringData) {
        TreeMap<String, byte[]> values = new TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (v != null) {
                    try {
                        values.put(k, Base64.getDecoder().decode(v.trim()));
                    } catch (IllegalArgumentException e) {
                        // Not base64: not a value the operator wrote; leave it out.
                    }
                }
            });
        }
        if (stringData != null) {
            stringData.forEach((k, v) -> {
                if (v != null) {
                    values.put(k, v.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return new SecretKeyMaterial(namespace, values);
    }

    /**
     * Key material over a mounted copy of the Secret: one file per key. Kubernetes' own entries
     * (names starting with {@code ..}) and sub-folders are skipped; a missing folder gives none.
     */
    public static SecretKeyMaterial fromFolder(String namespace, Path folder) throws IOException {
        TreeMap<String, byte[]> values = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (!name.startsWith("..") && Files.isRegularFile(f)) {
                        values.put(name, Files.readAllBytes(f));
                    }
                }
            }
        }
        return new SecretKeyMaterial(namespace, values);
    }

    @Override
    public byte[] value(String namespace, String name, String key) {
        if (!this.namespace.equals(namespace) || name == null || key == null) {
            return null;
        }
        byte[] v = data.get(name + "." + key);
        return v == null ? null : v.clone();
    }

    /** The access keys the operator copied (keys {@code AccessKey.<id>.<field>}), when {@code namespace} is this one. */
    @Override
    public SortedMap<String, Map<String, String>> accessKeys(String namespace) {
        SortedMap<String, Map<String, String>> out = new TreeMap<>();
        if (!this.namespace.equals(namespace)) {
            return out;
        }
        for (Map.Entry<String, byte[]> e :
                data.tailMap(SecretCredentials.COPY_PREFIX).entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(SecretCredentials.COPY_PREFIX)) {
                break;
            }
            int dot = k.lastIndexOf('.');
            String id = k.substring(
                    SecretCredentials.COPY_PREFIX.length(), Math.max(dot, SecretCredentials.COPY_PREFIX.length()));
            if (dot > SecretCredentials.COPY_PREFIX.length() && SecretCredentials.validKeyId(id)) {
                out.computeIfAbsent(id, x -> new TreeMap<>())
                        .put(k.substring(dot + 1), new String(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Hex SHA-256 over the keys and values: equal digests, same material (the values stay here). */
    public String digest() {
        byte[][] parts = new byte[data.size() * 2][];
        int i = 0;
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            parts[i++] = e.getKey().getBytes(StandardCharsets.UTF_8);
            parts[i++] = e.getValue();
        }
        return KeyDigest.of(parts);
    }

    /** How many values this holds. */
    public int size() {
        return data.size();
    }

    @Override
    public String toString() {
        return "SecretKeyMaterial[" + namespace + ", " + data.size() + " value(s)]";
    }
}
