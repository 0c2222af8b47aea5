package dev.tollgate.controlapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tollgate.controlapi.auth.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One verified request as an operation sees it.
 *
 * @param caller who signed it
 * @param method the HTTP method
 * @param path the decoded path
 * @param pathParameters the route's {@code {name}} segments, decoded
 * @param query decoded query parameters, values in order
 * @param headers request headers by lower-case name
 * @param body the raw body
 */
public record Call(
        Caller caller,
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A path parameter. */
    public String param(String name) {
        return pathParameters.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; an empty body is an empty object; invalid JSON is a BadRequestException. */
    public JsonNode json() {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node instanceof NullNode) {
                return JSON.createObjectNode();
            }
            if (!node.isObject()) {
                throw AwsException.badRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw AwsException.badRequest("Could not parse request body into json: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
