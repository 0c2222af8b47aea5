package dev.tollgate.controlapi.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A request as it arrived, the parts SigV4 signs.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param rawPath the path as sent on the wire (percent-encoded, before any decoding)
 * @param rawQuery the query string as sent on the wire without {@code ?}, or empty
 * @param headers every header by lower-case name, values in arrival order
 * @param payloadSha256 lower-case hex SHA-256 of the body as received
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, SortedMap<String, List<String>> headers, String payloadSha256) {
    public SignedRequest {
        Objects.requireNonNull(method, "method");
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        SortedMap<String, List<String>> copy = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> copy.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                    .addAll(v));
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        headers = Collections.unmodifiableSortedMap(copy);
    }

    /** A request whose headers come in any case; names are lower-cased, values of equal names joined. */
    public static SignedRequest of(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        SortedMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (k != null) {
                lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                        .addAll(v);
            }
        });
        return new SignedRequest(method, rawPath, rawQuery, lower, SigV4.hex(SigV4.sha256(body)));
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
