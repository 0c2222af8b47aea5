package dev.tollgate.dataplane.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket API's route selection expression as the compiler admits it ({@code
 * $request.body.a.b} or {@code ${request.body.a.b}}), evaluated against a message: the value at the
 * path when the message is a JSON object holding a scalar there, else null (the message takes
 * {@code $default}, as on AWS).
 */
public final class RouteSelection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> path;

    private RouteSelection(List<String> path) {
        this.path = path;
    }

    /** The expression parsed; null when it is not one the compiler admits. */
    public static RouteSelection parse(String expression) {
        if (expression == null) {
            return null;
        }
        String e = expression.trim();
        if (e.startsWith("${") && e.endsWith("}")) {
            e = "$" + e.substring(2, e.length() - 1);
        }
        String prefix = "$request.body.";
        if (!e.startsWith(prefix)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String name : e.substring(prefix.length()).split("\\.", -1)) {
            if (name.isEmpty()) {
                return null;
            }
            names.add(name);
        }
        return new RouteSelection(List.copyOf(names));
    }

    /** The route key the message selects, or null when it selects none. */
    public String select(byte[] message) {
        if (message.length == 0) {
            return null;
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            node = JSON.readTree(parser);
        } catch (IOException | RuntimeException e) {
            // Not JSON: AWS routes such a message to $default.
            return null;
        }
        for (String name : path) {
            node = node == null ? null : node.get(name);
        }
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }
}
