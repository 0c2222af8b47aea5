package dev.tollgate.compiler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.ir.GatewayConfig;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The canonical JSON (and YAML) form of the IR: properties and map keys sorted, so equal configs
 * serialise to equal bytes and hash to equal config ids.
 */
public final class IrJson {
    private static final ObjectMapper JSON = configure(JsonMapper.builder())
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .build()))
            .build();

    private IrJson() {}

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The canonical JSON mapper (a copy: callers may not reconfigure the shared one). */
    public static ObjectMapper mapper() {
        return JSON.copy();
    }

    /** Canonical compact JSON of a config. */
    public static String toJson(GatewayConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a config written by {@link #toJson}; invariants are checked by the records. */
    public static GatewayConfig fromJson(String json) {
        try {
            return JSON.readValue(json, GatewayConfig.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Canonical YAML of any IR value (or a map or list of them), for golden files and people. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex SHA-256 of the canonical JSON of the config with a blank id. */
    static String configId(GatewayConfig config) {
        return Sha256.hex(toJson(config.withConfigId("")).getBytes(StandardCharsets.UTF_8));
    }
}
