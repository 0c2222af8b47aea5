package dev.tollgate.dataplane.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The one interpretation of a request path that routing, every step and the upstream request
 * share: segments split on {@code /}, each percent-decoded once as UTF-8, dot-segments resolved,
 * empty segments collapsed.
 *
 * <p>Choices: an encoded slash ({@code %2F}) stays inside its segment's value; a decoded {@code .}
 * or {@code ..} segment (also {@code %2e%2e}) is a dot-segment, so the path routing sees is the
 * path the backend gets; {@code ..} above the root, a dot-segment with parameters ({@code ..;x},
 * {@code .;x}), NUL, a broken escape or invalid UTF-8 are refused; {@code //} and a trailing {@code /} collapse (AWS treats {@code /pets/} as {@code
 * /pets}).
 *
 * @param segments the decoded segments, none empty, none a dot-segment
 */
public record CanonicalPath(List<String> segments) {

    /** The root path {@code /}. */
    public static final CanonicalPath ROOT = new CanonicalPath(List.of());

    public CanonicalPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses the raw path of a request target (no query string).
     *
     * @throws MalformedRequestException when the path is not absolute or cannot be decoded
     */
    public static CanonicalPath parse(String rawPath) throws MalformedRequestException {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new MalformedRequestException("path is not absolute");
        }
        List<String> out = new ArrayList<>(8);
        int start = 1;
        int len = rawPath.length();
        while (start <= len) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = len;
            }
            if (end > start) {
                String segment = PercentCodec.decode(rawPath.substring(start, end), false);
                if (segment.startsWith(".;") || segment.startsWith("..;")) {
                    // A dot-segment with path parameters: servlet containers resolve "..;x" as "..",
                    // so a backend could climb where routing did not.
                    throw new MalformedRequestException("dot-segment with parameters");
                }
                if (segment.equals("..")) {
                    if (out.isEmpty()) {
                        throw new MalformedRequestException("path climbs above the root");
                    }
                    out.remove(out.size() - 1);
                } else if (!segment.equals(".") && !segment.isEmpty()) {
                    out.add(segment);
                }
            }
            start = end + 1;
        }
        return new CanonicalPath(out);
    }

    /** The number of segments. */
    public int size() {
        return segments.size();
    }

    /** The path from segment {@code from} on. */
    public CanonicalPath from(int from) {
        return new CanonicalPath(segments.subList(Math.min(from, segments.size()), segments.size()));
    }

    /** The path re-encoded for the wire: each segment percent-encoded, {@code /} between. */
    public String encoded() {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(PercentCodec.encodeSegment(s));
        }
        return sb.toString();
    }

    /** The decoded path joined with {@code /} (for logs and {@code $context.path}-like values). */
    @Override
    public String toString() {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }
}
