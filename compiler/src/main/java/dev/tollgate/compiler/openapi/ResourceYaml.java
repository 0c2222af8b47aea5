package dev.tollgate.compiler.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes resources as the YAML a user would write: apiVersion, kind, metadata (name, namespace)
 * and spec, with no nulls, empty lists or empty mappings; one document per resource.
 */
public final class ResourceYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A selectionPattern like 418 must stay a string for the API server.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ResourceYaml() {}

    /**
     * The YAML mapper resources are written with (a copy), for writers of YAML trees a user reads,
     * such as local mode's edits of a Stage.
     */
    public static YAMLMapper mapper() {
        return YAML.copy();
    }

    /** The resources as one multi-document YAML text, documents separated by {@code ---}. */
    public static String write(List<? extends HasMetadata> resources) {
        List<String> docs = new ArrayList<>();
        for (HasMetadata r : resources) {
            JsonNode tree = YAML.valueToTree(r);
            ObjectNode clean = YAML.createObjectNode();
            for (String field : List.of("apiVersion", "kind", "metadata", "spec")) {
                JsonNode v = prune(tree.get(field));
                if (v != null) {
                    clean.set(field, v);
                }
            }
            try {
                docs.add(YAML.writeValueAsString(clean));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + r.getKind(), e);
            }
        }
        return String.join("---\n", docs);
    }

    /**
     * What {@code import} writes: the import's warnings as leading comments (so they stay next to
     * the resources they explain), then the resources.
     */
    public static String render(ImportResult result) {
        StringBuilder out = new StringBuilder();
        for (ImportMessage m : result.messages()) {
            out.append("# ").append(m.toString().replace("\n", " ")).append('\n');
        }
        return out.append(write(result.resources())).toString();
    }

    /** The node without nulls and empty containers; null when nothing is left. */
    static JsonNode prune(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = YAML.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = prune(e.getValue());
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            var out = YAML.createArrayNode();
            for (JsonNode n : node) {
                JsonNode v = prune(n);
                if (v != null) {
                    out.add(v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return node;
    }
}
