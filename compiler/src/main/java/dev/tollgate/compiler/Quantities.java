package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Grammar;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}) and byte sizes ({@code 1048576},
 * {@code 512Ki}, {@code 64Mi}, {@code 1Gi}) as the Gateway's fields and the data plane's flags
 * write them ({@link Grammar#DURATION}, {@link Grammar#BYTE_SIZE}).
 */
public final class Quantities {
    private static final Pattern DURATION = Pattern.compile(Grammar.DURATION);
    private static final Pattern BYTE_SIZE = Pattern.compile(Grammar.BYTE_SIZE);

    private Quantities() {}

    /**
     * The duration in milliseconds.
     *
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static long millis(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a duration: " + text + " (a whole number with ms, s, m or h, e.g. 10s)");
        }
        long n = Long.parseLong(m.group().substring(0, m.start(1)));
        return switch (m.group(1)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    /**
     * The size in bytes.
     *
     * @throws IllegalArgumentException when the text is not a size
     */
    public static long bytes(String text) {
        Matcher m = BYTE_SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a size in bytes: " + text + " (a whole number, optionally with Ki, Mi or Gi, e.g. 256Mi)");
        }
        String unit = m.group(1);
        long n = Long.parseLong(unit == null ? m.group() : m.group().substring(0, m.start(1)));
        if (unit == null) {
            return n;
        }
        int shift =
                switch (unit) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    default -> 30;
                };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return n << shift;
    }
}
