package dev.tollgate.controlapi.v1;

import dev.tollgate.controlapi.sigv4.SigV4;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * AWS-shaped ids: 10 lowercase letters and digits, starting with a letter, so an id is also a
 * Kubernetes name and a DNS label ({@code {id}.{namespace}.execute-api.localhost}). Stable ids
 * (resources, authorizers, models...) are derived from what they name, so they survive restarts
 * and a hand edit of the YAML.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALPHABET = LETTERS + "0123456789";

    private Ids() {}

    /** A fresh random id. */
    public static String random() {
        StringBuilder out = new StringBuilder(10);
        out.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        for (int i = 1; i < 10; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** A random value of {@code length} letters and digits (API key values). */
    public static String secret(int length) {
        String chars = ALPHABET + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return out.toString();
    }

    /** The stable id of what {@code parts} name. */
    public static String stable(String... parts) {
        byte[] hash = SigV4.sha256(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
        String base36 = new BigInteger(1, hash).toString(36);
        char first = LETTERS.charAt(Math.floorMod(hash[0], LETTERS.length()));
        return first + base36.substring(base36.length() - 9);
    }

    /** Whether {@code name} can be a Kubernetes object name. */
    public static boolean isName(String name) {
        return name != null && name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
}
