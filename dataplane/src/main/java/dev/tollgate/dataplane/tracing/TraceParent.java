package dev.tollgate.dataplane.tracing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C {@code traceparent} (Trace Context level 1): {@code version-traceid-parentid-flags}, all
 * lower-case hex. Parsing follows the specification: version {@code ff} and all-zero ids are
 * invalid; a version above {@code 00} may carry more fields, of which the first four are read.
 *
 * @param traceId 32 hex digits, not all zero
 * @param spanId 16 hex digits, not all zero (the parent id as the next hop sees it)
 * @param flags the trace flags; bit 0 is {@code sampled}
 */
public record TraceParent(String traceId, String spanId, int flags) {
    /** The header's name. */
    public static final String HEADER = "traceparent";
    /** The vendor state header that travels with it. */
    public static final String STATE_HEADER = "tracestate";

    private static final int LENGTH = 55;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The header's value, or null when it is absent or invalid. */
    public static TraceParent parse(CharSequence header) {
        if (header == null || header.length() < LENGTH) {
            return null;
        }
        String h = header.toString();
        if (!hex(h, 0, 2)
                || h.charAt(2) != '-'
                || !hex(h, 3, 35)
                || h.charAt(35) != '-'
                || !hex(h, 36, 52)
                || h.charAt(52) != '-'
                || !hex(h, 53, 55)) {
            return null;
        }
        String version = h.substring(0, 2);
        if (version.equals("ff")
                || (version.equals("00") && h.length() != LENGTH)
                || (h.length() > LENGTH && h.charAt(LENGTH) != '-')) {
            return null;
        }
        String traceId = h.substring(3, 35);
        String spanId = h.substring(36, 52);
        if (zeros(traceId) || zeros(spanId)) {
            return null;
        }
        return new TraceParent(traceId, spanId, Integer.parseInt(h, 53, 55, 16));
    }

    /** Whether the caller sampled the trace. */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** The same trace, as the next hop sees it from a span of the gateway's. */
    public TraceParent child(String gatewaySpanId) {
        return new TraceParent(traceId, gatewaySpanId, flags);
    }

    /** The header's value (version {@code 00}). */
    public String header() {
        StringBuilder sb = new StringBuilder(LENGTH);
        sb.append("00-").append(traceId).append('-').append(spanId).append('-');
        sb.append(HEX[(flags >> 4) & 0xf]).append(HEX[flags & 0xf]);
        return sb.toString();
    }

    /** The trace id as AWS X-Ray writes one: {@code 1-} eight hex digits {@code -} 24 hex digits. */
    public String xrayTraceId() {
        return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
    }

    /** A random, non-zero 16-digit span id. */
    public static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id);
    }

    /** A random, non-zero 32-digit trace id. */
    public static String newTraceId() {
        long high;
        long low;
        do {
            high = ThreadLocalRandom.current().nextLong();
            low = ThreadLocalRandom.current().nextLong();
        } while (high == 0 && low == 0);
        return hex(high) + hex(low);
    }

    private static String hex(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
