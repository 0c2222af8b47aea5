package dev.tollgate.dataplane.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding (once, strict UTF-8) and percent-encoding of path segments and query values.
 */
public final class PercentCodec {
    private static final boolean[] SEGMENT_SAFE = new boolean[128];
    private static final boolean[] QUERY_SAFE = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        for (char c : unreserved.toCharArray()) {
            SEGMENT_SAFE[c] = true;
            QUERY_SAFE[c] = true;
        }
        // pchar minus '/' and ';': sub-delims, ':' and '@' may stay literal inside a segment. ';'
        // is encoded because servlet containers and others cut a segment at it (path parameters).
        for (char c : "!$&'()*+,=:@".toCharArray()) {
            SEGMENT_SAFE[c] = true;
        }
    }

    private PercentCodec() {}

    /**
     * Decodes {@code %XX} escapes once and the bytes as UTF-8.
     *
     * @param plusIsSpace true for query strings, where {@code +} means a space
     * @throws MalformedRequestException on a broken escape, invalid or overlong UTF-8, or NUL
     */
    public static String decode(String s, boolean plusIsSpace) throws MalformedRequestException {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+') || c >= 0x80 || c < 0x20 || c == 0x7F) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s;
        }
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new MalformedRequestException("truncated percent-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedRequestException("invalid percent-escape");
                }
                bytes[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes[n++] = ' ';
            } else if (c >= 0x80 || c < 0x20 || c == 0x7F) {
                // Raw non-ASCII or control bytes in a request target are not valid URI characters.
                throw new MalformedRequestException("invalid character in request target");
            } else {
                bytes[n++] = (byte) c;
            }
        }
        String decoded = utf8(bytes, n);
        if (decoded.indexOf('\0') >= 0) {
            throw new MalformedRequestException("NUL in request target");
        }
        return decoded;
    }

    private static String utf8(byte[] bytes, int n) throws MalformedRequestException {
        // A fresh decoder that REPORTs: Java's UTF-8 decoder rejects overlong forms and surrogates.
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("invalid UTF-8 in request target");
        }
    }

    /**
     * The value encoded as one path segment: a {@code /} inside it becomes {@code %2F}, and {@code ;}
     * and a backslash are encoded too, so no backend reads the segment differently.
     */
    public static String encodeSegment(String s) {
        return encode(s, SEGMENT_SAFE);
    }

    /** The value encoded for a query string name or value (space as {@code %20}). */
    public static String encodeQuery(String s) {
        return encode(s, QUERY_SAFE);
    }

    private static String encode(String s, boolean[] safe) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 128 || !safe[c]) {
                break;
            }
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
            int v = b & 0xFF;
            if (v < 128 && safe[v]) {
                out.append((char) v);
            } else {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return out.toString();
    }
}
