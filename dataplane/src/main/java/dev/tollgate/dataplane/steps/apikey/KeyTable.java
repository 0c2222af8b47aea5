package dev.tollgate.dataplane.steps.apikey;

import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A config's API keys by the SHA-256 of their value. The presented key is hashed before any
 * lookup, so the lookup's timing depends on the hash of what the caller sent, never on a stored
 * value; the final match is compared in constant time.
 */
final class KeyTable {
    private final Map<String, Entry> byHash = new HashMap<>();

    private record Entry(ApiKeyConfig key, byte[] hash) {}

    KeyTable(GatewayConfig config) {
        for (ApiKeyConfig key : config.apiKeys()) {
            byHash.put(key.valueSha256(), new Entry(key, HexFormat.of().parseHex(key.valueSha256())));
        }
    }

    /** The key whose value is {@code presented}, or null. */
    ApiKeyConfig find(String presented) {
        byte[] hash = sha256(presented.getBytes(StandardCharsets.UTF_8));
        Entry e = byHash.get(HexFormat.of().formatHex(hash));
        return e != null && MessageDigest.isEqual(hash, e.hash()) ? e.key() : null;
    }

    static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
