package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.controlapi.http.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One of AWS's patch operations ({@code op=replace,path=/cacheClusterSize,value=0.5}). Paths are
 * JSON-pointer-like: {@code ~1} is a slash inside a segment.
 *
 * @param op add, remove, replace, move or copy
 * @param path the target path
 * @param value the new value (always a string on the wire), or null
 * @param from the source path of move and copy, or null
 */
public record Patch(String op, String path, String value, String from) {
    /** The patch operations of an update request's body. */
    public static List<Patch> of(JsonNode body) {
        List<Patch> out = new ArrayList<>();
        for (JsonNode p : body.path("patchOperations")) {
            String op = p.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!List.of("add", "remove", "replace", "move", "copy", "test").contains(op)) {
                throw AwsException.badRequest("Invalid patch operation: op must be add, remove, replace, move or copy");
            }
            String path = p.path("path").asText(null);
            if (path == null || !path.startsWith("/")) {
                throw AwsException.badRequest("Invalid patch path " + path);
            }
            out.add(new Patch(
                    op,
                    path,
                    p.hasNonNull("value") ? p.get("value").asText() : null,
                    p.hasNonNull("from") ? p.get("from").asText() : null));
        }
        return out;
    }

    /** The path's segments, {@code ~1} and {@code ~0} decoded. */
    public List<String> segments() {
        List<String> out = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) {
            out.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** The value, or a BadRequestException naming the path when absent. */
    public String required() {
        if (value == null && !op.equals("remove") && !path.matches("/(requestParameters|responseParameters)/.*")) {
            throw AwsException.badRequest("Invalid patch operation specified. Missing value for " + path);
        }
        return value;
    }

    /** The value as a boolean. */
    public boolean bool() {
        String v = required();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw AwsException.badRequest("Invalid value for " + path + ": " + v + " is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** The value as an integer. */
    public int integer() {
        try {
            return Integer.parseInt(required().trim());
        } catch (NumberFormatException e) {
            throw AwsException.badRequest("Invalid value for " + path + ": " + value + " is not an integer");
        }
    }

    /** The value as a number. */
    public double number() {
        try {
            return Double.parseDouble(required().trim());
        } catch (NumberFormatException e) {
            throw AwsException.badRequest("Invalid value for " + path + ": " + value + " is not a number");
        }
    }

    /** A BadRequestException: this path cannot be patched. */
    public AwsException unsupported() {
        return AwsException.badRequest("Invalid patch path '" + path + "' specified for op '" + op
                + "'. Must be one of the paths this resource supports (see docs/aws-cli.md).");
    }

    /**
     * A map field patched at {@code /field/KEY}: the key removed ({@code remove}) or set to the
     * value converted by {@code convert}; null when the map is left empty.
     */
    public <V> Map<String, V> applyTo(Map<String, V> current, Function<String, V> convert) {
        List<String> s = segments();
        if (s.size() != 2) {
            throw unsupported();
        }
        Map<String, V> out = new TreeMap<>(current == null ? Map.of() : current);
        if (op.equals("remove")) {
            out.remove(s.get(1));
        } else {
            out.put(s.get(1), convert.apply(required()));
        }
        return out.isEmpty() ? null : out;
    }

    /** A string map patched at {@code /field/KEY}. */
    public Map<String, String> applyTo(Map<String, String> current) {
        return applyTo(current, v -> v);
    }

    /** A boolean map patched at {@code /field/KEY} (a missing value counts as false, as AWS's). */
    public Map<String, Boolean> applyToFlags(Map<String, Boolean> current) {
        return applyTo(current, Boolean::parseBoolean);
    }
}
