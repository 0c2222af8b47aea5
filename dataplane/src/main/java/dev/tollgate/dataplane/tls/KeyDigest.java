package dev.tollgate.dataplane.tls;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over Secret values, so a TLS context built from them is rebuilt when the values change
 * even if the config naming them did not (cluster mode delivers the config and its Secret
 * separately). Only the digest is ever kept or compared, never the values.
 */
public final class KeyDigest {
    private KeyDigest() {}

    /** Hex SHA-256 over the values, each length-prefixed; a null value counts as absent. */
    public static String of(byte[]... values) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] v : values) {
                md.update(
                        ByteBuffer.allocate(4).putInt(v == null ? -1 : v.length).array());
                if (v != null) {
                    md.update(v);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
