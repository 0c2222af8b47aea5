package dev.tollgate.dataplane.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * AWS's {@code $input}: the payload (the method request's in a request template, the backend's
 * in a response template) and the method request's parameters.
 */
public final class InputVariable {
    private final String body;
    private final Map<String, String> path;
    private final Map<String, String> querystring;
    private final Map<String, String> header;
    private Object parsed;
    private boolean isParsed;

    /**
     * @param body the payload as text (empty when there is none)
     * @param path path parameters by name
     * @param querystring query string parameters by name (the last value of a repeated one)
     * @param header headers by name as sent (the last value of a repeated one)
     */
    public InputVariable(
            String body, Map<String, String> path, Map<String, String> querystring, Map<String, String> header) {
        this.body = body == null ? "" : body;
        this.path = Collections.unmodifiableMap(path);
        this.querystring = Collections.unmodifiableMap(querystring);
        this.header = Collections.unmodifiableMap(header);
    }

    /** {@code $input.body}: the raw payload; AWS gives {@code {}} for an empty one. */
    public String getBody() {
        return body.isEmpty() ? "{}" : body;
    }

    /** {@code $input.json(x)}: the value at JSONPath {@code x} as JSON text; empty when nothing is there. */
    public String json(String jsonPath) {
        Object value = JsonValues.read(document(), jsonPath == null ? "$" : jsonPath);
        return value == null ? null : JsonValues.toJson(value);
    }

    /**
     * {@code $input.path(x)}: the value at JSONPath {@code x} as an object the template can walk
     * (maps, lists, strings, numbers); empty when nothing is there.
     */
    public Object path(String jsonPath) {
        return JsonValues.read(document(), jsonPath == null ? "$" : jsonPath);
    }

    /** {@code $input.params()}: every method request parameter, by {@code path}, {@code querystring}, {@code header}. */
    public Map<String, Map<String, String>> params() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put("path", new LinkedHashMap<>(path));
        all.put("querystring", new LinkedHashMap<>(querystring));
        all.put("header", new LinkedHashMap<>(header));
        return all;
    }

    /**
     * {@code $input.params(x)}: the parameter named {@code x} from the path, else the query string,
     * else the headers (matched case-insensitively, as HTTP names them); empty when absent.
     */
    public String params(String name) {
        if (name == null) {
            return "";
        }
        String v = path.get(name);
        if (v == null) {
            v = querystring.get(name);
        }
        if (v == null) {
            v = header.get(name);
        }
        if (v == null) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> e : header.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                    v = e.getValue();
                }
            }
        }
        return v == null ? "" : v;
    }

    /** The payload as text, for mapping sources ({@code method.request.body}). */
    public String rawBody() {
        return body;
    }

    /** The payload parsed as JSON (an empty payload is {@code {}}), once. */
    public Object document() {
        if (!isParsed) {
            parsed = JsonValues.parse(body.isBlank() ? "{}" : body);
            isParsed = true;
        }
        return parsed;
    }

    @Override
    public String toString() {
        return "$input";
    }
}
