package dev.tollgate.dataplane.source.kube;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.ir.GatewayConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IR the operator publishes: key {@code config.json} of the ConfigMap's {@code data}, or,
 * when large, gzip in {@code binaryData} under {@code config.json.gz}. Mounted as a volume the same
 * keys become files.
 */
public final class PublishedConfig {
    /** Key of the plain JSON config. */
    public static final String JSON_KEY = "config.json";

    /** Key of the gzip-compressed JSON config (in {@code binaryData}). */
    public static final String GZIP_KEY = "config.json.gz";

    private PublishedConfig() {}

    /**
     * The config held by a ConfigMap's data and binaryData (binaryData values base64, as the API
     * carries them); empty when neither key is there.
     */
    public static Optional<GatewayConfig> fromConfigMap(Map<String, String> data, Map<String, String> binaryData) {
        if (binaryData != null && binaryData.containsKey(GZIP_KEY)) {
            return Optional.of(IrJson.fromJson(gunzip(Base64.getDecoder().decode(binaryData.get(GZIP_KEY)))));
        }
        if (data != null && data.containsKey(JSON_KEY)) {
            return Optional.of(IrJson.fromJson(data.get(JSON_KEY)));
        }
        return Optional.empty();
    }

    /** The config in a mounted copy of the ConfigMap; empty when the folder holds neither file. */
    public static Optional<GatewayConfig> fromFolder(Path folder) throws IOException {
        Path gz = folder.resolve(GZIP_KEY);
        if (Files.isRegularFile(gz)) {
            return Optional.of(IrJson.fromJson(gunzip(Files.readAllBytes(gz))));
        }
        Path json = folder.resolve(JSON_KEY);
        if (Files.isRegularFile(json)) {
            return Optional.of(IrJson.fromJson(Files.readString(json, StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the published config is not valid gzip", e);
        }
    }
}
