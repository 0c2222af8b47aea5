package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.testing.TestInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No spec field is silently ignored: for every field written in the valid golden inputs and the
 * samples, removing it changes the compiled IR or findings, or a finding already names it (or a
 * field above it). The few exceptions are listed with their reason.
 */
class FieldCoverageTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Fields whose object holds user keys: their children are printed as [key] in field paths. */
    private static final Set<String> MAP_FIELDS = Set.of(
            "requestParameters",
            "requestTemplates",
            "responseParameters",
            "responseTemplates",
            "variables",
            "requestModels",
            "responseModels",
            "stageVariableOverrides",
            "annotations",
            "throttle",
            "schema");

    /** Fields that never change what is served, by design; each with its reason. */
    private static final Map<String, String> EXEMPT = Map.of(
            "description", "documentation only",
            "operationName", "documentation only",
            "Method.requestParameters",
                    "declares method parameters; required ones are enforced only by a request validator that"
                            + " validates parameters, as AWS",
            "requestModels",
                    "declares the body's model; applied only by a request validator that validates the body,"
                            + " as AWS",
            "contentType", "a model's content type is informational in AWS; requestModels keys select the model",
            "Gateway.replicas", "read by the operator, which deploys the data plane",
            "Gateway.endpointSuffix=execute-api.localhost", "the default value");

    private static final Set<String> DEFAULTS = Set.of(
            "Integration:spec.httpMethod=ANY",
            "RestApi:spec.protocolType=REST",
            "RestApi:spec.apiKeySelectionExpression=$request.header.x-api-key",
            "Gateway:spec.endpointSuffix=execute-api.localhost",
            "Stage:spec.cache.size=0.5",
            "Stage:spec.accessLog.destination=stdout");

    @Test
    void everyFieldOfTheValidInputsIsCompiledOrNamedByAFinding() throws Exception {
        List<List<SourceDocument>> inputs = new ArrayList<>();
        inputs.add(TestInputs.samples());
        for (String name : TestInputs.goldenCases()) {
            if (name.startsWith("valid-") || name.startsWith("warn-")) {
                inputs.add(List.of(TestInputs.read(TestInputs.goldenDir().resolve(name + ".in.yaml"))));
            }
        }
        List<String> ignored = new ArrayList<>();
        int checked = 0;
        for (List<SourceDocument> sources : inputs) {
            List<List<JsonNode>> trees = new ArrayList<>();
            for (SourceDocument s : sources) {
                trees.add(readAll(s.text()));
            }
            String baseline = render(sources, trees);
            List<Finding> baseFindings = findings(sources);
            for (int s = 0; s < trees.size(); s++) {
                for (int d = 0; d < trees.get(s).size(); d++) {
                    JsonNode doc = trees.get(s).get(d);
                    String kind = doc.path("kind").asText();
                    if (!doc.path("apiVersion").asText().startsWith("apigateway.tollgate.dev/")) {
                        continue;
                    }
                    String name = doc.path("metadata").path("name").asText();
                    List<String[]> leaves = new ArrayList<>();
                    collect(doc.path("spec"), "spec", false, leaves);
                    for (String[] leaf : leaves) {
                        String path = leaf[0];
                        if (exempt(kind, path, leaf[1])) {
                            continue;
                        }
                        checked++;
                        boolean named = baseFindings.stream()
                                .anyMatch(f -> f.resource().kind().equals(kind)
                                        && f.resource().name().equals(name)
                                        && covers(f.field(), path));
                        if (named) {
                            continue;
                        }
                        final int si = s;
                        final int di = d;
                        String without = mutate(trees, si, di, copy -> remove(copy, leaf[2]), sources);
                        if (without.equals(baseline)) {
                            ignored.add(sources.get(s).name() + " " + kind + "/" + name + " " + path);
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(ignored).as("fields neither compiled nor named by a finding").isEmpty();
    }

    private static boolean exempt(String kind, String path, String value) {
        String last = path.replaceAll("\\[[^]]*]$", "");
        last = last.substring(last.lastIndexOf('.') + 1);
        if (EXEMPT.containsKey(last) || DEFAULTS.contains(kind + ":" + path + "=" + value)) {
            return true;
        }
        // Values equal to what absence means: the root base path, and a MOCK selecting 200.
        if (path.endsWith(".basePath") && (value.isEmpty() || value.equals("(none)"))) {
            return true;
        }
        if (path.contains(".requestTemplates[") && Syntax.mockStatus(value).orElse(0) == 200) {
            return true;
        }
        // Draft 4 is what every model is validated as.
        if (path.endsWith(".schema[$schema]") && value.startsWith("http://json-schema.org/draft-04/schema")) {
            return true;
        }
        if (path.matches("spec\\.resources\\[\\d+]\\.methods\\[\\d+]\\.requestParameters.*")) {
            return EXEMPT.containsKey("Method.requestParameters");
        }
        return kind.equals("Gateway") && path.equals("spec.replicas");
    }

    private static boolean covers(String field, String path) {
        return !field.isEmpty()
                && path.startsWith(field)
                && (path.length() == field.length()
                        || path.charAt(field.length()) == '.'
                        || path.charAt(field.length()) == '[');
    }

    /** Leaves as {display path, value, pointer}. */
    private static void collect(JsonNode node, String path, boolean mapChildren, List<String[]> out) {
        collect(node, path, "/spec", mapChildren, out);
    }

    private static void collect(JsonNode node, String path, String pointer, boolean mapChildren, List<String[]> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String key = e.getKey();
                String child = mapChildren ? path + "[" + key + "]" : path + "." + key;
                collect(
                        e.getValue(),
                        child,
                        pointer + "/" + key.replace("~", "~0").replace("/", "~1"),
                        !mapChildren && MAP_FIELDS.contains(key),
                        out);
            });
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", pointer + "/" + i, false, out);
            }
        } else {
            out.add(new String[] {path, node.asText(), pointer});
        }
    }

    private static void remove(JsonNode root, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(last));
        }
    }

    private static String mutate(
            List<List<JsonNode>> trees, int s, int d, Consumer<JsonNode> change, List<SourceDocument> sources)
            throws Exception {
        List<List<JsonNode>> copy = new ArrayList<>();
        for (List<JsonNode> docs : trees) {
            copy.add(docs.stream().<JsonNode>map(n -> n.deepCopy()).toList());
        }
        change.accept(copy.get(s).get(d));
        return render(sources, copy);
    }

    private static String render(List<SourceDocument> sources, List<List<JsonNode>> trees) throws Exception {
        List<SourceDocument> docs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            StringBuilder text = new StringBuilder();
            for (JsonNode n : trees.get(i)) {
                text.append(YAML.writeValueAsString(n));
            }
            docs.add(new SourceDocument(sources.get(i).name(), text.toString()));
        }
        Map<String, Object> run = TestInputs.run(docs);
        run.remove("loadFindings");
        return IrJson.toYaml(run);
    }

    private static List<Finding> findings(List<SourceDocument> sources) {
        LoadResult loaded = ResourceLoader.load(sources);
        List<Finding> all = new ArrayList<>(loaded.findings());
        loaded.snapshots()
                .values()
                .forEach(s -> all.addAll(new Compiler().compile(s).findings()));
        return all;
    }

    private static List<JsonNode> readAll(String text) throws Exception {
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            return Stream.iterate(it, i -> i.hasNext(), i -> i)
                    .map(i -> i.next())
                    .filter(n -> n != null && !n.isNull() && !n.isMissingNode())
                    .toList();
        }
    }
}
