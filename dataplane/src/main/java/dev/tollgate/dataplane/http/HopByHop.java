package dev.tollgate.dataplane.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection and are never forwarded. */
public final class HopByHop {
    private static final Set<String> NAMES = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private HopByHop() {}

    /** Whether the (any case) header name is hop-by-hop by definition. */
    public static boolean isHopByHop(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(lower) || lower.startsWith("proxy-");
    }

    /** Removes hop-by-hop headers, including every header the {@code Connection} header names. */
    public static void strip(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        List<String> drop = new ArrayList<>();
        for (var e : headers) {
            if (isHopByHop(e.getKey())) {
                drop.add(e.getKey());
            }
        }
        drop.forEach(headers::remove);
    }
}
