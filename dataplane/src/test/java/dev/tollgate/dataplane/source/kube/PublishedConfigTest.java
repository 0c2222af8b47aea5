package dev.tollgate.dataplane.source.kube;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.ir.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedConfigTest {
    static final GatewayConfig CONFIG =
            config(rest("shop", stage("prod", route("GET", "/ping", mock("{\"ok\":true}")))));

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void readsPlainJsonFromData() {
        assertThat(PublishedConfig.fromConfigMap(Map.of(PublishedConfig.JSON_KEY, IrJson.toJson(CONFIG)), null))
                .contains(CONFIG);
    }

    @Test
    void readsGzipFromBinaryData() throws IOException {
        String b64 = Base64.getEncoder().encodeToString(gzip(IrJson.toJson(CONFIG)));
        assertThat(PublishedConfig.fromConfigMap(null, Map.of(PublishedConfig.GZIP_KEY, b64)))
                .contains(CONFIG);
    }

    @Test
    void configMapWithoutEitherKeyHoldsNothing() {
        assertThat(PublishedConfig.fromConfigMap(Map.of("other", "x"), Map.of()))
                .isEmpty();
    }

    @Test
    void brokenGzipIsAnErrorNotACrash() {
        String b64 = Base64.getEncoder().encodeToString("not gzip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PublishedConfig.fromConfigMap(null, Map.of(PublishedConfig.GZIP_KEY, b64)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void readsTheMountedCopyInEitherForm(@TempDir Path plain, @TempDir Path compressed, @TempDir Path empty)
            throws IOException {
        Files.writeString(plain.resolve(PublishedConfig.JSON_KEY), IrJson.toJson(CONFIG));
        Files.write(compressed.resolve(PublishedConfig.GZIP_KEY), gzip(IrJson.toJson(CONFIG)));
        assertThat(PublishedConfig.fromFolder(plain)).contains(CONFIG);
        assertThat(PublishedConfig.fromFolder(compressed)).contains(CONFIG);
        assertThat(PublishedConfig.fromFolder(empty)).isEmpty();
    }
}
