package dev.tollgate.dataplane.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The content codings AWS's compression speaks, {@code gzip} and {@code deflate}: choosing one
 * from an {@code Accept-Encoding} by its q-values, encoding a body, and decoding a compressed
 * request body within a size bound (a small bomb must not inflate past the payload limit).
 */
public final class Compression {
    /** The coding names. */
    public static final String GZIP = "gzip";

    public static final String DEFLATE = "deflate";

    private Compression() {}

    /**
     * The coding to answer with: the one of {@code gzip} and {@code deflate} with the highest
     * q-value above 0 ({@code *} stands for both; on a tie gzip wins), or null when the client
     * accepts neither.
     */
    public static String choose(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return null;
        }
        double gzip = -1;
        double deflate = -1;
        double any = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            String coding = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].trim();
                if (f.regionMatches(true, 0, "q=", 0, 2)) {
                    try {
                        q = Double.parseDouble(f.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (coding) {
                case GZIP, "x-gzip" -> gzip = Math.max(gzip, q);
                case DEFLATE -> deflate = Math.max(deflate, q);
                case "*" -> any = Math.max(any, q);
                default -> {}
            }
        }
        if (gzip < 0) {
            gzip = any;
        }
        if (deflate < 0) {
            deflate = any;
        }
        if (gzip <= 0 && deflate <= 0) {
            return null;
        }
        return gzip >= deflate ? GZIP : DEFLATE;
    }

    /** The body encoded with {@code coding} ({@link #GZIP} or {@link #DEFLATE}, zlib-wrapped as HTTP's deflate is). */
    public static byte[] encode(byte[] body, String coding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (var z = coding.equals(GZIP) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Whether a {@code Content-Encoding} is one {@link #decode} reads. */
    public static boolean decodable(String contentEncoding) {
        if (contentEncoding == null) {
            return false;
        }
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return c.equals(GZIP) || c.equals("x-gzip") || c.equals(DEFLATE);
    }

    /**
     * Decodes a {@code gzip} or {@code deflate} body.
     *
     * @throws IllegalArgumentException when it is not valid in that coding, or inflates past
     *     {@code maxBytes}
     */
    public static byte[] decode(byte[] body, String contentEncoding, int maxBytes) {
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        try (InputStream in = c.equals(DEFLATE)
                ? new InflaterInputStream(new ByteArrayInputStream(body))
                : new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 3));
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new IllegalArgumentException("the decoded body is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid " + c + ": " + e.getMessage(), e);
        }
    }
}
