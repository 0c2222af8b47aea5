package dev.tollgate.dataplane.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two small Lambda functions the echo backend serves on the Lambda invoke API ({@code POST
 * /2015-03-31/functions/NAME/invocations}, the protocol of AWS's Runtime Interface Emulator), for
 * the Lambda sample and the bench: a function named {@code *authorizer} is a TOKEN/REQUEST
 * authorizer (token {@code allow} is allowed, {@code deny} denied, anything else {@code
 * Unauthorized}); any other name is a proxy function that answers with what it was called with (a
 * path ending in {@code /fail} makes it fail; a WebSocket event is answered with its event type,
 * route key, connection id and message).
 */
final class DemoFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A function's answer: the payload and whether it is a function error. */
    record Result(Object payload, boolean error) {}

    private DemoFunctions() {}

    static Result invoke(String function, byte[] event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (IOException e) {
            return error("Runtime.UnmarshalError", "the event is not JSON");
        }
        if (root == null || !root.isObject()) {
            return error("Runtime.UnmarshalError", "the event is not a JSON object");
        }
        return function.endsWith("authorizer") ? authorizer(root) : hello(function, root);
    }

    private static Result hello(String function, JsonNode event) {
        JsonNode context = event.path("requestContext");
        if (context.has("connectionId")) {
            return webSocket(function, event, context);
        }
        String path = event.has("rawPath")
                ? event.path("rawPath").asText()
                : event.path("path").asText();
        if (path.endsWith("/fail")) {
            return error("Error", "the demo function failed on purpose");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "hello from " + function);
        body.put(
                "method",
                event.has("httpMethod")
                        ? event.path("httpMethod").asText()
                        : event.path("requestContext")
                                .path("http")
                                .path("method")
                                .asText());
        body.put("path", path);
        body.put("query", event.path("queryStringParameters"));
        body.put(
                "principal",
                event.path("requestContext")
                        .path("authorizer")
                        .path("principalId")
                        .asText(null));
        body.put("body", event.path("body").asText(null));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", 200);
        answer.put("headers", Map.of("Content-Type", "application/json", "X-Function", function));
        answer.put("body", write(body));
        answer.put("isBase64Encoded", false);
        return new Result(answer, false);
    }

    /** A WebSocket API's event: answers which event it was, on which connection, with the message. */
    private static Result webSocket(String function, JsonNode event, JsonNode context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "hello from " + function);
        body.put("eventType", context.path("eventType").asText());
        body.put("routeKey", context.path("routeKey").asText());
        body.put("connectionId", context.path("connectionId").asText());
        body.put("body", event.path("body").asText(null));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", 200);
        answer.put("body", write(body));
        return new Result(answer, false);
    }

    private static Result authorizer(JsonNode event) {
        String token = event.has("authorizationToken")
                ? event.path("authorizationToken").asText()
                : event.path("headers")
                        .path("authorization")
                        .asText(event.path("headers").path("Authorization").asText(""));
        String effect =
                switch (token) {
                    case "allow" -> "Allow";
                    case "deny" -> "Deny";
                    default -> null;
                };
        if (effect == null) {
            return error("Error", "Unauthorized");
        }
        String resource = event.has("methodArn")
                ? event.path("methodArn").asText()
                : event.path("routeArn").asText("*");
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", effect);
        statement.put("Resource", resource);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principalId", "user-" + token);
        answer.put("policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
        answer.put("context", Map.of("tier", "demo"));
        return new Result(answer, false);
    }

    private static Result error(String type, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errorMessage", message);
        answer.put("errorType", type);
        answer.put("stackTrace", List.of());
        return new Result(answer, true);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
