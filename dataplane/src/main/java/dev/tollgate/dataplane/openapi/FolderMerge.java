package dev.tollgate.dataplane.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS's {@code mode=merge} for a folder: the resources an import writes are merged into those the
 * file already holds. The RestApi's resources (by path, their methods by HTTP method), routes (by
 * route key), models, validators, authorizers (by name) and gateway responses (by type) are merged,
 * the new definition winning where both have one; other fields and every other resource are
 * replaced by the new one of the same kind and name, and resources only the file has are kept.
 */
final class FolderMerge {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .build();

    /** Keys that identify the items of a RestApi spec list, by the list's name. */
    private static final Map<String, String> LIST_KEYS = Map.of(
            "resources", "path",
            "routes", "routeKey",
            "models", "name",
            "requestValidators", "name",
            "authorizers", "name",
            "gatewayResponses", "type");

    private FolderMerge() {}

    /** The merged file: the new import's comment lines, then every resource, one document each. */
    static String merge(String existing, String imported) throws IOException {
        Map<String, ObjectNode> merged = new LinkedHashMap<>();
        for (ObjectNode doc : documents(existing)) {
            merged.put(key(doc), doc);
        }
        for (ObjectNode doc : documents(imported)) {
            ObjectNode old = merged.get(key(doc));
            merged.put(
                    key(doc), old != null && "RestApi".equals(doc.path("kind").asText()) ? restApi(old, doc) : doc);
        }
        StringBuilder out = new StringBuilder();
        for (String line : imported.split("\n")) {
            if (line.startsWith("#")) {
                out.append(line).append('\n');
            }
        }
        boolean first = true;
        for (ObjectNode doc : merged.values()) {
            if (!first) {
                out.append("---\n");
            }
            first = false;
            out.append(YAML.writeValueAsString(doc));
        }
        return out.toString();
    }

    private static List<ObjectNode> documents(String text) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("the existing file cannot be read as YAML: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    private static String key(JsonNode doc) {
        return doc.path("kind").asText() + "/"
                + doc.path("metadata").path("name").asText();
    }

    private static ObjectNode restApi(ObjectNode old, ObjectNode fresh) {
        ObjectNode out = fresh.deepCopy();
        JsonNode oldSpec = old.path("spec");
        ObjectNode spec = out.with("spec");
        for (Iterator<Map.Entry<String, JsonNode>> it = oldSpec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String itemKey = LIST_KEYS.get(e.getKey());
            if (!spec.has(e.getKey())) {
                spec.set(e.getKey(), e.getValue());
            } else if (itemKey != null && e.getValue().isArray()) {
                spec.set(e.getKey(), mergeList(e.getValue(), spec.get(e.getKey()), itemKey));
            }
        }
        return out;
    }

    private static ArrayNode mergeList(JsonNode old, JsonNode fresh, String itemKey) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        old.forEach(i -> items.put(i.path(itemKey).asText(), i));
        for (JsonNode i : fresh) {
            String k = i.path(itemKey).asText();
            JsonNode before = items.get(k);
            if (itemKey.equals("path") && before != null && before.has("methods") && i.has("methods")) {
                ObjectNode both = ((ObjectNode) i).deepCopy();
                both.set("methods", mergeList(before.get("methods"), i.get("methods"), "httpMethod"));
                items.put(k, both);
            } else {
                items.put(k, i);
            }
        }
        ArrayNode out = YAML.createArrayNode();
        items.values().forEach(out::add);
        return out;
    }
}
