package dev.tollgate.dataplane.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.compiler.Finding;
import dev.tollgate.dataplane.server.AdminAction;
import dev.tollgate.dataplane.server.TestInvoker;
import dev.tollgate.ir.GatewayConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test invocation on a folder: the RestApi as the folder defines it now, compiled behind a
 * virtual stage ({@link FolderCompiler#testInvokeConfig}), run by a {@link TestInvoker}. Shared by
 * the {@code test-invoke} command and local mode's admin endpoint {@code POST /test-invoke}.
 */
final class LocalTestInvoke {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private LocalTestInvoke() {}

    /**
     * One test invocation.
     *
     * @param namespace the namespace, or null for {@code default}
     * @param restApi the RestApi's name
     * @param stage the stage whose variables apply, or null for none
     * @param request the request
     */
    record Query(String namespace, String restApi, String stage, TestInvoker.Request request) {}

    /**
     * What came of one: the result, or why there is none (and the error findings of the RestApi, if
     * any, which leave its broken methods out).
     *
     * @param result the result, or null
     * @param problem why nothing ran, or null
     * @param errors error findings of the RestApi and its Integrations
     */
    record Outcome(TestInvoker.Result result, String problem, List<String> errors) {}

    /** Runs the query on the folder's current definition. */
    static CompletableFuture<Outcome> run(FolderCompiler compiler, TestInvoker invoker, Query query) {
        String namespace = query.namespace() == null ? "default" : query.namespace();
        FolderCompiler.Outcome compiled = compiler.testInvokeConfig(namespace, query.restApi(), query.stage());
        List<String> errors = new ArrayList<>(compiled.problems());
        for (Finding f : compiled.findings()) {
            if (f.isError()) {
                errors.add(f.toString());
            }
        }
        if (compiled.configs().isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(null, String.join("; ", errors), errors));
        }
        GatewayConfig config = compiled.configs().get(0);
        var api = config.apis().stream()
                .filter(a -> a.name().equals(query.restApi()))
                .findFirst()
                .orElse(null);
        if (api == null || api.stages().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new Outcome(null, "RestApi " + query.restApi() + " has errors; nothing to invoke", errors));
        }
        String stage = api.stages().get(0).name();
        try {
            return invoker.invoke(config, query.restApi(), stage, query.request())
                    .thenApply(r -> new Outcome(r, null, errors));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(null, e.getMessage(), errors));
        }
    }

    /**
     * Local mode's {@code POST /test-invoke}: a JSON body with AWS TestInvokeMethod's request fields
     * and where to run ({@code restApi}, optional {@code namespace} and {@code stage}, {@code
     * httpMethod}, {@code pathWithQueryString}, {@code headers}, {@code multiValueHeaders}, {@code
     * body}); answers the result's JSON, 404 when there is no such API or stage, 400 for a bad body.
     */
    static AdminAction action(FolderCompiler compiler, TestInvoker invoker) {
        return body -> {
            Query query;
            try {
                query = query(JSON.readTree(body));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return answer(400, message("bad test-invoke request: " + e.getMessage()));
            }
            // Reading and compiling the folder is blocking work: off the admin port's event loop.
            return CompletableFuture.supplyAsync(() -> run(compiler, invoker, query))
                    .thenCompose(outcome -> outcome)
                    .thenApply(outcome -> {
                        if (outcome.result() == null) {
                            return new AdminAction.Answer(404, message(outcome.problem()));
                        }
                        try {
                            return new AdminAction.Answer(200, JSON.writeValueAsString(outcome.result()));
                        } catch (JsonProcessingException e) {
                            return new AdminAction.Answer(500, message("Internal server error"));
                        }
                    });
        };
    }

    private static Query query(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String restApi = text(tree, "restApi", true);
        String method = text(tree, "httpMethod", true);
        String path = text(tree, "pathWithQueryString", false);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(e.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        tree.path("multiValueHeaders").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            e.getValue().forEach(v -> values.add(v.asText()));
        }
        return new Query(
                text(tree, "namespace", false),
                restApi,
                text(tree, "stage", false),
                new TestInvoker.Request(method, path == null ? "/" : path, headers, text(tree, "body", false)));
    }

    private static String text(JsonNode tree, String field, boolean required) {
        JsonNode v = tree.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static CompletionStage<AdminAction.Answer> answer(int status, String json) {
        return CompletableFuture.completedFuture(new AdminAction.Answer(status, json));
    }

    static String message(String text) {
        return JSON.createObjectNode().put("message", text).toString();
    }
}
