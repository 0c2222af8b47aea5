package dev.tollgate.compiler.openapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * A parsed OpenAPI 3.0 or Swagger 2.0 document whose local {@code $ref}s all resolve. Parsing never
 * throws for bad input: it reports the place (line and column, or JSON pointer) and returns null.
 */
final class OpenApiDocument {
    /** The document's flavour of OpenAPI. */
    enum Version {
        SWAGGER_2,
        OPENAPI_3
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode root;
    private final Version version;

    private OpenApiDocument(JsonNode root, Version version) {
        this.root = root;
        this.version = version;
    }

    JsonNode root() {
        return root;
    }

    Version version() {
        return version;
    }

    /** Parses JSON (when the text starts with {) or YAML; null with errors in {@code messages}. */
    static OpenApiDocument parse(String text, Messages messages) {
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String where = l == null ? "/" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
            messages.error(where, "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
            return null;
        }
        if (root == null || !root.isObject()) {
            messages.error("/", "an OpenAPI document is a mapping with openapi or swagger at the top");
            return null;
        }
        Version version;
        String openapi = root.path("openapi").asText("");
        String swagger = root.path("swagger").asText("");
        if (openapi.matches("3\\.0(\\.\\d+)?")) {
            version = Version.OPENAPI_3;
        } else if (swagger.equals("2.0")) {
            version = Version.SWAGGER_2;
        } else if (!openapi.isEmpty()) {
            messages.error("/openapi", "OpenAPI version " + openapi + " is not supported; AWS exports 3.0.x");
            return null;
        } else if (!swagger.isEmpty()) {
            messages.error("/swagger", "Swagger version " + swagger + " is not supported; AWS exports 2.0");
            return null;
        } else {
            messages.error("/", "neither openapi: 3.0.x nor swagger: \"2.0\" is set; is this an OpenAPI document?");
            return null;
        }
        checkRefs(root, root, "/", messages);
        return messages.hasErrors() ? null : new OpenApiDocument(root, version);
    }

    // Every $ref must be local and point at something, wherever it is, so a broken one is reported
    // with its location before anything is written.
    private static void checkRefs(JsonNode root, JsonNode node, String at, Messages messages) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && !ref.isTextual()) {
                messages.error(Messages.at(at, "$ref"), "$ref must be a string, not " + ref.getNodeType());
            } else if (ref != null) {
                String target = ref.asText();
                String where = Messages.at(at, "$ref");
                if (!target.startsWith("#/") && !target.equals("#")) {
                    messages.error(where, "$ref " + target + " is not local to this document (#/...); inline it");
                } else if (root.at(target.substring(1)).isMissingNode()) {
                    messages.error(where, "$ref " + target + " points at nothing in this document");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkRefs(root, e.getValue(), Messages.at(at, e.getKey()), messages);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkRefs(root, node.get(i), Messages.at(at, Integer.toString(i)), messages);
            }
        }
    }

    /**
     * Follows {@code $ref}s from {@code node} to the object they name (refs were checked on parse);
     * a cycle of refs gives null with an error.
     */
    JsonNode deref(JsonNode node, String at, Messages messages) {
        Deque<String> seen = new ArrayDeque<>();
        JsonNode current = node;
        while (current != null && current.isObject() && current.has("$ref")) {
            String target = current.get("$ref").asText();
            if (!target.startsWith("#")) {
                messages.error(at, "$ref " + target + " is not local to this document");
                return null;
            }
            if (seen.contains(target)) {
                messages.error(at, "$ref cycle through " + String.join(" -> ", seen) + " -> " + target);
                return null;
            }
            seen.add(target);
            current = root.at(target.substring(1));
        }
        return current;
    }

    /** The model name a schema reference names ({@code #/components/schemas/X} or {@code #/definitions/X}). */
    static String modelName(String ref) {
        if (ref == null) {
            return null;
        }
        for (String prefix : new String[] {"#/components/schemas/", "#/definitions/"}) {
            if (ref.startsWith(prefix) && ref.indexOf('/', prefix.length()) < 0) {
                return ref.substring(prefix.length());
            }
        }
        return null;
    }
}
