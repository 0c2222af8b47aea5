package dev.tollgate.dataplane.steps.apikey;

import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.GatewayConfig;
import java.nio.ByteBuffer;
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
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    });

    private final Map<ByteBuffer, Entry> byHash = new HashMap<>();

    private record Entry(ApiKeyConfig key, byte[] hash) {}

    KeyTable(GatewayConfig config) {
        for (ApiKeyConfig key : config.apiKeys()) {
            byte[] hash = HexFormat.of().parseHex(key.valueSha256());
            byHash.put(ByteBuffer.wrap(hash), new Entry(key, hash));
        }
    }

    /** The key whose value is {@code presented}, or null. */
    ApiKeyConfig find(String presented) {
        byte[] hash = sha256(presented.getBytes(StandardCharsets.UTF_8));
        Entry e = byHash.get(ByteBuffer.wrap(hash));
        return e != null && MessageDigest.isEqual(hash, e.hash()) ? e.key() : null;
    }

    static byte[] sha256(byte[] value) {
        // digest() resets the instance; one per thread, as event loops never share it.
        return SHA256.get().digest(value);
    }
}
