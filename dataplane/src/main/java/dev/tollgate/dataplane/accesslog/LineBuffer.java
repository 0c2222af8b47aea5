package dev.tollgate.dataplane.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer log text is appended to, encoded as UTF-8 as it comes, so a line goes from
 * its values to bytes with no intermediate {@link String} or {@link StringBuilder}. Encodes exactly
 * as {@link String#getBytes(java.nio.charset.Charset)} with UTF-8 does (an unpaired surrogate
 * becomes {@code ?}). Not thread-safe: one thread appends.
 */
public final class LineBuffer {
    private byte[] bytes;
    private int length;

    /** An empty buffer of {@code capacity} bytes to begin with. */
    public LineBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** The bytes appended so far. */
    public int length() {
        return length;
    }

    /** The backing array: its first {@link #length()} bytes are the text. */
    byte[] array() {
        return bytes;
    }

    /** Forgets what was appended, keeping the storage. */
    public void clear() {
        length = 0;
    }

    /** Appends one character (a lone surrogate half becomes {@code ?}, as for a string). */
    public LineBuffer append(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
        } else if (Character.isSurrogate(c)) {
            ensure(1);
            bytes[length++] = '?';
        } else {
            ensure(3);
            encodeBmp(c);
        }
        return this;
    }

    /** Appends {@code text}, UTF-8 encoded. */
    public LineBuffer append(String text) {
        int n = text.length();
        ensure(n);
        int i = 0;
        // ASCII, the common case, one byte per character.
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            bytes[length++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                ensure(4);
                bytes[length++] = (byte) (0xF0 | (cp >> 18));
                bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                append(c);
            }
        }
        return this;
    }

    /** Appends {@code count} bytes of {@code source} from {@code offset}. */
    void append(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void encodeBmp(char c) {
        if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | (c >> 6));
        } else {
            bytes[length++] = (byte) (0xE0 | (c >> 12));
            bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        }
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The text appended so far. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
