package dev.tollgate.dataplane.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Accept} of a handshake (RFC 6455 4.2.2). */
final class WebSocketAccept {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketAccept() {}

    /** The answer to the client's {@code Sec-WebSocket-Key}. */
    static String of(String key) {
        try {
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always there", e);
        }
    }
}
