package dev.tollgate.controlapi.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pieces of Signature Version 4 as AWS specifies them: canonical URI, query and headers, the
 * canonical request, the string to sign and the signing key. Pure functions.
 */
public final class SigV4 {
    /** The only algorithm accepted. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /**
     * The canonical URI of a path as the client had it before signing (for services other than
     * S3: normalized, then every byte outside RFC 3986's unreserved set percent-encoded, so a wire
     * path's own escapes are encoded once more, as AWS's SDKs do).
     */
    public static String canonicalUri(String rawPath) {
        String normalized = normalize(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        return encode(normalized, false);
    }

    // Removes . and .. segments and empty segments (//), keeping a trailing slash, as AWS normalizes.
    private static String normalize(String path) {
        boolean trailing = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", segments) + (trailing ? "/" : "");
    }

    /**
     * The canonical query string: every parameter name and value percent-decoded from the wire,
     * re-encoded with AWS's rules, sorted by name then value, {@code name=value} joined by {@code &}.
     *
     * @param rawQuery the query as sent, without {@code ?}
     * @param skip a parameter left out (the signature of a presigned URL), or null
     */
    public static String canonicalQuery(String rawQuery, String skip) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] p : queryParameters(rawQuery)) {
            if (!p[0].equals(skip)) {
                pairs.add(new String[] {encode(p[0], true), encode(p[1], true)});
            }
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        List<String> out = new ArrayList<>();
        for (String[] p : pairs) {
            out.add(p[0] + "=" + p[1]);
        }
        return String.join("&", out);
    }

    /** The parameters of a raw query string as decoded {name, value} pairs, in order. */
    public static List<String[]> queryParameters(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String part : rawQuery.split("&")) {
            if (!part.isEmpty()) {
                int eq = part.indexOf('=');
                pairs.add(new String[] {
                    decode(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : decode(part.substring(eq + 1))
                });
            }
        }
        return pairs;
    }

    /**
     * The canonical headers block (each {@code name:value\n}) of the signed headers: values
     * trimmed, runs of spaces collapsed, repeated headers joined by commas.
     */
    public static String canonicalHeaders(SortedMap<String, List<String>> headers, List<String> signed) {
        StringBuilder out = new StringBuilder();
        for (String name : signed) {
            List<String> values = headers.getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String v : values) {
                trimmed.add(v.replaceAll("\\s+", " ").trim());
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return out.toString();
    }

    /** The canonical request, as AWS documents it. */
    public static String canonicalRequest(
            String method,
            String rawPath,
            String rawQuery,
            SortedMap<String, List<String>> headers,
            List<String> signedHeaders,
            String payloadHash,
            String skipQueryParameter) {
        return method + "\n"
                + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery, skipQueryParameter) + "\n"
                + canonicalHeaders(headers, signedHeaders) + "\n"
                + String.join(";", signedHeaders) + "\n"
                + payloadHash;
    }

    /** The string to sign for a canonical request at {@code amzDate} (yyyyMMdd'T'HHmmss'Z') within {@code scope}. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** The signature of a string to sign with the key derived from {@code secret} for date, region and service. */
    public static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /** SHA-256 of the bytes (an empty array for null). */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lower-case hex. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (and / unless {@code slash}). */
    static String encode(String text, boolean slash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (c == '/' && !slash);
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decodes (a {@code +} stays a plus: SigV4 clients send spaces as %20); bad escapes stay literal. */
    public static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%'
                    && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses {@code k=v, k2=v2} (the part of an Authorization header after the algorithm). */
    static Map<String, String> parameters(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
