package dev.tollgate.dataplane.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection and are never forwarded. Runs
 * on every proxied request and response, so names are compared in place, without lower-casing
 * copies, and nothing is allocated when there is nothing to drop.
 */
public final class HopByHop {
    private static final AsciiString[] NAMES = {
        HttpHeaderNames.CONNECTION,
        HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.UPGRADE,
    };
    private static final String PROXY_PREFIX = "proxy-";

    private HopByHop() {}

    /** Whether the (any case) header name is hop-by-hop by definition, {@code Proxy-*} included. */
    public static boolean isHopByHop(CharSequence name) {
        if (name.length() > PROXY_PREFIX.length() && regionEqualsIgnoreCase(name, PROXY_PREFIX)) {
            return true;
        }
        for (AsciiString n : NAMES) {
            if (n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a header must not be forwarded: hop-by-hop by definition, or named by the message's
     * {@code Connection} header ({@code connectionTokens}, lower case, may be empty).
     */
    public static boolean dropped(CharSequence name, List<String> connectionTokens) {
        if (isHopByHop(name)) {
            return true;
        }
        for (int i = 0; i < connectionTokens.size(); i++) {
            if (AsciiString.contentEqualsIgnoreCase(connectionTokens.get(i), name)) {
                return true;
            }
        }
        return false;
    }

    /** The header names a message's {@code Connection} header lists; empty (shared) when none. */
    public static List<String> connectionTokens(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return List.of();
        }
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.CONNECTION);
        String first = values.next();
        if (!values.hasNext() && isBareToken(first)) {
            // The usual case, one "keep-alive" or "close": no list to build and no split.
            return List.of(first);
        }
        List<String> tokens = new ArrayList<>(2);
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    tokens.add(name);
                }
            }
        }
        return tokens;
    }

    /** Whether {@code value} is one token as it stands: not empty, no comma, nothing to trim. */
    private static boolean isBareToken(String value) {
        if (value.isEmpty() || value.charAt(0) <= ' ' || value.charAt(value.length() - 1) <= ' ') {
            return false;
        }
        return value.indexOf(',') < 0;
    }

    /** Removes hop-by-hop headers, including every header the {@code Connection} header names. */
    public static void strip(HttpHeaders headers) {
        List<String> tokens = connectionTokens(headers);
        List<CharSequence> drop = null;
        var it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            if (dropped(e.getKey(), tokens)) {
                if (drop == null) {
                    drop = new ArrayList<>(2);
                }
                drop.add(e.getKey());
            }
        }
        if (drop != null) {
            drop.forEach(headers::remove);
        }
    }

    private static boolean regionEqualsIgnoreCase(CharSequence name, String lowerPrefix) {
        for (int i = 0; i < lowerPrefix.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a value may go into a header as it is: field-value characters only, no CTL but HTAB
     * (RFC 9110 5.5), so a mapped value can never split a header.
     */
    public static boolean safeValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Whether a header name is an RFC 9110 token, as a name a template or mapping sets must be. */
    public static boolean isToken(CharSequence name) {
        if (name.length() == 0) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
