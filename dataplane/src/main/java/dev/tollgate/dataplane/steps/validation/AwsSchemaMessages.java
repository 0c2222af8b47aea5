package dev.tollgate.dataplane.steps.validation;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Words schema violations as AWS's {@code $context.error.validationErrorString} does: AWS validates
 * with the java-json-tools validator and prints its messages in brackets, comma-separated, e.g.
 * {@code [object has missing required properties (["price","type"])]}. The required and
 * additional properties of one object are named in one message, sorted, as AWS names them. At most
 * {@value #MAX_MESSAGES} messages and {@value #MAX_CHARS} characters are kept.
 */
final class AwsSchemaMessages {
    static final int MAX_MESSAGES = 100;
    static final int MAX_CHARS = 8192;

    private AwsSchemaMessages() {}

    /** The bracketed list of messages for the errors, in the order they were found. */
    static String format(List<Error> errors) {
        // Keyed by where and what, so the properties one object misses make one message.
        Map<String, List<Error>> grouped = new LinkedHashMap<>();
        for (Error e : errors) {
            String keyword = e.getKeyword() == null ? "" : e.getKeyword();
            boolean perObject = keyword.equals("required") || keyword.equals("additionalProperties");
            String key = e.getInstanceLocation() + "\u0000" + keyword + (perObject ? "" : "\u0000" + grouped.size());
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        List<String> messages = new ArrayList<>();
        for (List<Error> group : grouped.values()) {
            if (messages.size() == MAX_MESSAGES) {
                break;
            }
            messages.add(message(group));
        }
        String joined = "[" + String.join(", ", messages) + "]";
        return joined.length() <= MAX_CHARS ? joined : joined.substring(0, MAX_CHARS - 4) + "...]";
    }

    private static String message(List<Error> group) {
        Error e = group.get(0);
        JsonNode instance = e.getInstanceNode();
        JsonNode schema = e.getSchemaNode();
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        return switch (keyword) {
            case "required" -> "object has missing required properties (" + names(group) + ")";
            case "additionalProperties" ->
                "object instance has properties which are not allowed by the schema: " + names(group);
            case "type" ->
                "instance type (" + arg(args, 0) + ") does not match any allowed primitive type (allowed: "
                        + allowed(schema) + ")";
            case "enum" ->
                "instance value (" + json(instance) + ") not found in enum (possible values: " + json(schema) + ")";
            case "minimum" ->
                "numeric instance is lower than the required minimum (minimum: " + json(schema) + ", found: "
                        + json(instance) + ")";
            case "maximum" ->
                "numeric instance is greater than the required maximum (maximum: " + json(schema) + ", found: "
                        + json(instance) + ")";
            case "minLength" ->
                "string " + json(instance) + " is too short (length: " + length(instance) + ", required minimum: "
                        + json(schema) + ")";
            case "maxLength" ->
                "string " + json(instance) + " is too long (length: " + length(instance) + ", maximum allowed: "
                        + json(schema) + ")";
            case "pattern" -> "ECMA 262 regex " + json(schema) + " does not match input string " + json(instance);
            case "minItems" ->
                "array is too short: must have at least " + json(schema) + " elements but instance has "
                        + size(instance) + " elements";
            case "maxItems" ->
                "array is too long: must have at most " + json(schema) + " elements but instance has " + size(instance)
                        + " elements";
            case "uniqueItems" -> "array must not contain duplicate elements";
            case "multipleOf" -> "remainder of division is not zero (" + json(instance) + " / " + json(schema) + ")";
            case "minProperties" ->
                "object has too few properties (found " + size(instance) + " but schema requires at least "
                        + json(schema) + ")";
            case "maxProperties" ->
                "object has too many properties (found " + size(instance) + " but schema requires at most "
                        + json(schema) + ")";
            case "not" -> "instance matched a schema which it should not have";
            case "anyOf" -> "instance failed to match at least one required schema among " + size(schema);
            case "oneOf" ->
                "instance failed to match exactly one schema (matched " + arg(args, 0) + " out of " + size(schema)
                        + ")";
            case "allOf" -> "instance failed to match all required schemas";
            default -> clip(e.getMessage());
        };
    }

    /** The property names the group's errors are about, sorted, as a JSON list. */
    private static String names(List<Error> group) {
        TreeSet<String> names = new TreeSet<>();
        for (Error e : group) {
            if (e.getProperty() != null) {
                names.add(e.getProperty());
            }
        }
        return jsonList(names);
    }

    /** The types a {@code type} keyword allows, sorted, as a JSON list. */
    private static String allowed(JsonNode schema) {
        TreeSet<String> types = new TreeSet<>();
        if (schema != null && schema.isArray()) {
            schema.forEach(t -> types.add(t.asString()));
        } else if (schema != null) {
            types.add(schema.asString());
        }
        return jsonList(types);
    }

    private static String jsonList(Collection<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (String item : items) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(escape(item)).append('"');
        }
        return out.append(']').toString();
    }

    private static String arg(Object[] args, int i) {
        return i < args.length && args[i] != null ? args[i].toString() : "?";
    }

    private static String json(JsonNode node) {
        return node == null ? "null" : clip(node.toString());
    }

    private static int length(JsonNode node) {
        return node != null && node.isString()
                ? node.asString().codePointCount(0, node.asString().length())
                : 0;
    }

    private static int size(JsonNode node) {
        return node == null ? 0 : node.size();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Long values (a body may hold megabytes in one string) are cut in messages. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
