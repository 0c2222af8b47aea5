package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON helpers for AWS's shapes: reading request fields, writing response fields, paging lists. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** A new object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Text of a field, or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Text of a required field, or BadRequestException. */
    public static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isEmpty()) {
            throw AwsException.badRequest("Invalid request: " + field + " is required");
        }
        return v;
    }

    public static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt()) {
            throw AwsException.badRequest("Invalid request: " + field + " must be an integer");
        }
        return v.asInt();
    }

    public static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw AwsException.badRequest("Invalid request: " + field + " must be a number");
        }
        return v.asDouble();
    }

    /** A string-to-string map field, or null. */
    public static Map<String, String> strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A string-to-boolean map field, or null. */
    public static Map<String, Boolean> booleans(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Map<String, Boolean> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asBoolean());
        }
        return out;
    }

    /** A list-of-strings field, or null. */
    public static List<String> list(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Puts a value unless it is null or an empty collection or map. */
    public static void put(ObjectNode out, String field, Object value) {
        if (value == null
                || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty())) {
            return;
        }
        out.set(field, MAPPER.valueToTree(value));
    }

    /** A resource's creation time as AWS's timestamps (epoch seconds), or null when unknown. */
    public static Long created(HasMetadata resource) {
        String ts = resource.getMetadata().getCreationTimestamp();
        if (ts == null) {
            return null;
        }
        try {
            return Instant.parse(ts).getEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A page of a list, as AWS pages them: {@code position} is the index to go on from, {@code
     * limit} 25 by default and at most 500.
     *
     * @param field the list's wire name ({@code item} for most lists)
     */
    public static ObjectNode page(List<ObjectNode> all, String position, String limit, String field) {
        int from = 0;
        int size = 25;
        try {
            if (position != null && !position.isEmpty()) {
                from = Integer.parseInt(position);
            }
            if (limit != null && !limit.isEmpty()) {
                size = Integer.parseInt(limit);
            }
        } catch (NumberFormatException e) {
            throw AwsException.badRequest("Invalid position or limit");
        }
        if (from < 0 || size < 1 || size > 500) {
            throw AwsException.badRequest("Invalid position or limit: limit is 1..500");
        }
        ObjectNode out = object();
        ArrayNode items = out.putArray(field);
        for (int i = from; i < Math.min(all.size(), from + size); i++) {
            items.add(all.get(i));
        }
        if (from + size < all.size()) {
            out.put("position", Integer.toString(from + size));
        }
        return out;
    }

    /** A value converted to a type (a CRD part from its JSON). */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** Parses a JSON text field, or BadRequestException naming it. */
    public static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw AwsException.badRequest("Invalid " + what + ": not valid JSON");
        }
    }

    /** A JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mutable copy of a map, or a new one. */
    public static <K, V> Map<K, V> mutable(Map<K, V> in) {
        return in == null ? new HashMap<>() : new HashMap<>(in);
    }
}
