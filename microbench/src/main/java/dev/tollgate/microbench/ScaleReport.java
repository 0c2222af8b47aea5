package dev.tollgate.microbench;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.IrJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Prints, for namespaces of growing size, the compiled config's JSON size, its gzip size and what
 * it takes in a ConfigMap (gzip travels base64-encoded in {@code binaryData}, against the API
 * server's 1 MiB object limit). Sizes, not speeds: the same on any machine.
 */
public final class ScaleReport {
    /** The API server's limit on one object (etcd's default request size). */
    static final long CONFIG_MAP_LIMIT = 1024 * 1024;

    private ScaleReport() {}

    /** One line of the report. */
    public record Size(int routes, int keys, long errors, long jsonBytes, long gzipBytes) {
        /** Bytes the config takes in a ConfigMap's binaryData (base64 of the gzip). */
        public long configMapBytes() {
            return (gzipBytes + 2) / 3 * 4;
        }

        /** Whether one ConfigMap carries it. */
        public boolean fits() {
            return configMapBytes() < CONFIG_MAP_LIMIT;
        }
    }

    /** Compiles a namespace of that size and measures its config. */
    public static Size measure(int routes, int keys) {
        CompileResult result = ScaleFixture.compile(routes, keys);
        byte[] json = IrJson.toJson(result.config()).getBytes(StandardCharsets.UTF_8);
        long errors = result.findings().stream().filter(Finding::isError).count();
        return new Size(routes, keys, errors, json.length, gzip(json).length);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void main(String[] args) {
        int[][] sizes = {{100, 100}, {1_000, 1_000}, {10_000, 0}, {0, 10_000}, {10_000, 10_000}, {20_000, 20_000}};
        System.out.println("routes |   keys | errors |   JSON bytes |   gzip bytes | ConfigMap bytes | fits 1 MiB");
        for (int[] s : sizes) {
            Size m = measure(s[0], s[1]);
            System.out.printf(
                    "%6d | %6d | %6d | %12d | %12d | %15d | %s%n",
                    m.routes(),
                    m.keys(),
                    m.errors(),
                    m.jsonBytes(),
                    m.gzipBytes(),
                    m.configMapBytes(),
                    m.fits() ? "yes" : "no");
        }
    }
}
