package dev.tollgate.dataplane.steps.authorizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.dataplane.runtime.IamGlob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An authorizer's answer in AWS's shape: the principal, the policy's statements and the context.
 * A cached answer is checked against each new method ARN, as AWS does.
 */
record AuthorizerPolicy(String principalId, List<Statement> statements, Map<String, String> context) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement about {@code execute-api:Invoke}. */
    record Statement(boolean allow, List<Pattern> resources) {}

    /** What the policy says about the ARN. */
    enum Decision {
        ALLOW,
        EXPLICIT_DENY,
        NOT_ALLOWED
    }

    Decision decide(String methodArn) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.resources().stream().noneMatch(p -> p.matcher(methodArn).matches())) {
                continue;
            }
            if (!s.allow()) {
                return Decision.EXPLICIT_DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NOT_ALLOWED;
    }

    /** Parses AWS's authorizer answer; null when it is not one (the caller answers 500). */
    static AuthorizerPolicy parse(byte[] body) {
        JsonNode root = object(body);
        if (root == null || !root.path("principalId").isTextual()) {
            return null;
        }
        JsonNode document = root.path("policyDocument");
        JsonNode statementNode = document.path("Statement");
        if (!statementNode.isArray() && !statementNode.isObject()) {
            return null;
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode s : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return null;
            }
            if (!invokes(s.path("Action"))) {
                continue;
            }
            List<Pattern> resources = new ArrayList<>();
            for (String r : texts(s.path("Resource"))) {
                resources.add(IamGlob.compile(r));
            }
            statements.add(new Statement(effect.equals("Allow"), List.copyOf(resources)));
        }
        Map<String, String> context = context(root);
        return new AuthorizerPolicy(root.path("principalId").asText(), List.copyOf(statements), Map.copyOf(context));
    }

    /**
     * Parses an HTTP API authorizer's simple response, {@code {"isAuthorized": bool, "context":
     * {...}}}: allowed lets every route through, else the caller is refused; null when it is not
     * one.
     */
    static AuthorizerPolicy simple(byte[] body) {
        JsonNode root = object(body);
        if (root == null || !root.path("isAuthorized").isBoolean()) {
            return null;
        }
        Map<String, String> context = context(root);
        List<Statement> statements = root.path("isAuthorized").asBoolean()
                ? List.of(new Statement(true, List.of(IamGlob.compile("*"))))
                : List.of();
        return new AuthorizerPolicy(null, statements, Map.copyOf(context));
    }

    /** The body as a JSON object, or null when it is not one. */
    private static JsonNode object(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The answer's context: AWS passes on string, number and boolean values only. */
    private static Map<String, String> context(JsonNode root) {
        Map<String, String> context = new TreeMap<>();
        root.path("context").fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                context.put(e.getKey(), e.getValue().asText());
            }
        });
        return context;
    }

    private static boolean invokes(JsonNode action) {
        for (String a : texts(action)) {
            if (a.equals("execute-api:Invoke") || a.equals("execute-api:*") || a.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
