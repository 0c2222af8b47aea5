package dev.tollgate.dataplane.runtime;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * WebSocket connection ids: 96 random bits in URL-safe base64 (16 characters), unique across
 * replicas without coordination and safe in an {@code @connections} path as they are.
 */
public final class ConnectionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ConnectionIds() {}

    /** A new connection id. */
    public static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
