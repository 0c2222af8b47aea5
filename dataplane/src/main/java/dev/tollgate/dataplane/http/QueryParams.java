package dev.tollgate.dataplane.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string decoded once into a multi-map, in arrival order. As AWS: a single-value read
 * gets the last value, a multi-value read gets all of them.
 */
public final class QueryParams {
    /** No parameters. */
    public static final QueryParams EMPTY = new QueryParams(Collections.emptyMap());

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Decodes a raw query string (without {@code ?}); {@code +} is a space.
     *
     * @throws MalformedRequestException on a broken escape or invalid UTF-8
     */
    public static QueryParams parse(String raw) throws MalformedRequestException {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String name = PercentCodec.decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : PercentCodec.decode(pair.substring(eq + 1), true);
                map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new QueryParams(map);
    }

    /** The last value of {@code name}, or null. */
    public String last(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Every name with its values, in arrival order. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The parameters re-encoded as a query string (no {@code ?}); empty when there are none. */
    public String encoded() {
        if (values.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        values.forEach((name, vs) -> {
            for (String v : vs) {
                appendPair(sb, name, v);
            }
        });
        return sb.toString();
    }

    /** Appends {@code name=value}, percent-encoded, with a {@code &} when needed. */
    public static void appendPair(StringBuilder sb, String name, String value) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        sb.append(PercentCodec.encodeQuery(name)).append('=').append(PercentCodec.encodeQuery(value));
    }
}
