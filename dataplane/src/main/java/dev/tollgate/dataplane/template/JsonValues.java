package dev.tollgate.dataplane.template;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonProvider;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import dev.tollgate.dataplane.http.Json;

/**
 * JSON as AWS's templates see it: parsed by Jayway JsonPath over json-smart (objects are ordered
 * maps that print as {@code {a=1, b=2}}, arrays are lists that print as JSON, as AWS prints
 * them), JSONPath reads that give nothing for a missing path, and JSON text of any value.
 */
public final class JsonValues {
    private static final JsonProvider PROVIDER = new JsonSmartJsonProvider();
    private static final Configuration CONFIG =
            Configuration.builder().jsonProvider(PROVIDER).build();

    private JsonValues() {}

    /**
     * Parses JSON text (json-smart's permissive mode, as AWS: a bare word is a string).
     *
     * @throws InvalidBodyException when it is not JSON
     */
    public static Object parse(String json) {
        try {
            return PROVIDER.parse(json);
        } catch (InvalidJsonException | IllegalArgumentException e) {
            throw new InvalidBodyException(reason(e), e);
        }
    }

    /**
     * The value at a JSONPath of a parsed document; null when the path selects nothing.
     *
     * @throws IllegalArgumentException for a malformed path
     */
    public static Object read(Object document, String path) {
        try {
            return JsonPath.using(CONFIG).parse(document).read(path);
        } catch (PathNotFoundException e) {
            return null;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid JSONPath " + path + ": " + e.getMessage(), e);
        }
    }

    /** The value as JSON text ({@code "a"} for a string, {@code null} for null). */
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + Json.escape(s) + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return PROVIDER.toJson(value);
    }

    /** The value as a mapping source gives it: strings as they are, anything else as JSON. */
    public static String asText(Object value) {
        return value == null ? null : value instanceof String s ? s : toJson(value);
    }

    private static String reason(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String m = cause.getMessage();
        return m == null ? "not JSON" : m;
    }

    /** A body that mapping needs as JSON is not JSON. */
    public static final class InvalidBodyException extends RuntimeException {
        InvalidBodyException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
