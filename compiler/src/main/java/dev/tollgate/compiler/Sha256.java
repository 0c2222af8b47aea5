package dev.tollgate.compiler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex SHA-256: how the IR holds key values, certificates and its own content id. */
final class Sha256 {
    private Sha256() {}

    /** The hash of {@code data}. */
    static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /** The hash of several parts, each prefixed with its length, so ("ab", "c") and ("a", "bc") differ. */
    static String hexOfParts(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] p : parts) {
            digest.update(Integer.toString(p.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(p);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
