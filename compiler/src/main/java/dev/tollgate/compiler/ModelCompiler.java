package dev.tollgate.compiler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.tollgate.crds.v1alpha1.Model;
import dev.tollgate.ir.ValidationConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a RestApi's models (AWS's {@code Model}: a JSON schema draft 4) into self-contained
 * schemas a request validator applies. A model may refer to another model of the same API, as AWS
 * writes it ({@code https://apigateway.amazonaws.com/restapis/API/models/NAME}) or as exports
 * write it ({@code #/definitions/NAME}); the models referred to (transitively) are copied under the
 * schema's {@code definitions}, so every {@code $ref} is a pointer into one document and nothing
 * is ever fetched. Each schema is checked against the draft 4 meta-schema and compiled once here,
 * so the data plane only meets schemas that compile.
 */
final class ModelCompiler {
    /** The draft 4 meta-schema's id, the only {@code $schema} AWS models use. */
    static final String DRAFT_4 = "http://json-schema.org/draft-04/schema#";

    /** AWS's built-in models, present in every RestApi unless the API defines its own. */
    static final Map<String, String> BUILT_IN = Map.of(
            "Empty",
            "{\"title\":\"Empty Schema\",\"type\":\"object\"}",
            "Error",
            "{\"title\":\"Error Schema\",\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}}}");

    private static final Pattern AWS_MODEL_REF =
            Pattern.compile("https?://apigateway\\.amazonaws\\.com/restapis/[^/#]+/models/([^/#]+)(#.*)?");
    private static final Pattern DEFINITION_REF = Pattern.compile("#/definitions/([^/]+)(/.*)?");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /**
     * The schema library, loaded with the first model an API defines itself: the built-in models
     * are constants known to compile ({@code builtInModelsAreValidDraft4Schemas}), so a config
     * without models of its own never loads it (it is a third of the classes a start loads).
     */
    private static final class Draft4 {
        // Draft 4 only, formats not asserted (AWS ignores "format"), and no schema is ever loaded from
        // anywhere but the meta-schemas the library carries.
        static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_4, b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(false)
                                .build())
                        .schemaLoader(l -> l.block(iri -> !iri.toString().startsWith("http://json-schema.org/"))));
        static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DRAFT_4));
    }

    private final Findings findings;

    ModelCompiler(Findings findings) {
        this.findings = findings;
    }

    /** An API's models: the valid ones compiled, and the names of those with errors. */
    record Models(SortedMap<String, ValidationConfig.ModelConfig> valid, Set<String> invalid) {
        /** Whether the API defines (or AWS builds in) a model of that name. */
        boolean exists(String name) {
            return valid.containsKey(name) || invalid.contains(name);
        }
    }

    /** Compiles every model of one API, reporting each problem on its field. */
    Models compile(ResourceRef api, List<Model> models) {
        Map<String, ObjectNode> raw = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        Set<String> invalid = new LinkedHashSet<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String f = "spec.models[" + i + "]";
            if (m.getName() == null || m.getName().isEmpty()) {
                findings.error(api, f + ".name", Reason.INVALID_VALUE, "a model needs a name");
                continue;
            }
            if (index.putIfAbsent(m.getName(), i) != null) {
                findings.error(api, f + ".name", Reason.DUPLICATE, "model " + m.getName() + " is already defined");
                continue;
            }
            if (m.getSchema() == null || m.getSchema().isEmpty()) {
                findings.error(api, f + ".schema", Reason.INVALID_VALUE, "a model needs a JSON schema");
                invalid.add(m.getName());
                continue;
            }
            raw.put(m.getName(), JSON.valueToTree(m.getSchema()));
        }
        for (Map.Entry<String, String> b : BUILT_IN.entrySet()) {
            if (!index.containsKey(b.getKey())) {
                raw.put(b.getKey(), (ObjectNode) parse(b.getValue()));
            }
        }
        // Each schema on its own against the meta-schema first, so a model that refers to a broken
        // one is told so instead of failing on the broken one's copy.
        for (String name : new TreeMap<>(raw).keySet()) {
            if (index.containsKey(name) && !metaValid(api, field(index, name), name, raw.get(name))) {
                raw.remove(name);
                invalid.add(name);
            }
        }
        SortedMap<String, ValidationConfig.ModelConfig> valid = new TreeMap<>();
        Map<String, Set<String>> uses = new HashMap<>();
        for (String name : new TreeMap<>(raw).keySet()) {
            Set<String> needed = new LinkedHashSet<>();
            String schema = assemble(api, field(index, name), name, raw, index.keySet(), needed);
            if (schema != null) {
                valid.put(name, new ValidationConfig.ModelConfig(name, schema));
                uses.put(name, needed);
            } else {
                invalid.add(name);
            }
        }
        // A model that needs a model with errors cannot be served either, however deep the reference.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String name : new ArrayList<>(valid.keySet())) {
                String broken = uses.get(name).stream()
                        .filter(invalid::contains)
                        .findFirst()
                        .orElse(null);
                if (broken != null) {
                    findings.error(
                            api,
                            field(index, name),
                            Reason.MISSING_REFERENCE,
                            "model " + name + " refers to model " + broken + ", which has errors");
                    valid.remove(name);
                    invalid.add(name);
                    changed = true;
                }
            }
        }
        return new Models(valid, invalid);
    }

    /** Whether a model's own schema is a JSON schema draft 4 (its references unresolved). */
    private boolean metaValid(ResourceRef api, String f, String name, ObjectNode schema) {
        ObjectNode probe = schema.deepCopy();
        probe.remove("$schema");
        List<Error> meta = Draft4.META.validate(probe.toString(), InputFormat.JSON);
        if (meta.isEmpty()) {
            return true;
        }
        List<String> shown = meta.stream()
                .limit(3)
                .map(e -> (e.getInstanceLocation().toString().isEmpty()
                                ? "(root)"
                                : e.getInstanceLocation().toString())
                        + ": " + e.getMessage())
                .toList();
        findings.error(
                api,
                f,
                Reason.INVALID_VALUE,
                "model " + name + " is not a valid JSON schema draft 4: " + String.join("; ", shown)
                        + (meta.size() > shown.size() ? " (and " + (meta.size() - shown.size()) + " more)" : ""));
        return false;
    }

    private static String field(Map<String, Integer> index, String name) {
        return index.containsKey(name) ? "spec.models[" + index.get(name) + "].schema" : "spec.models";
    }

    /**
     * The model's self-contained schema as canonical JSON, or null with its errors reported.
     *
     * @param declared the names of the models the API declares
     * @param needed gets the models it refers to, transitively
     */
    private String assemble(
            ResourceRef api,
            String f,
            String name,
            Map<String, ObjectNode> raw,
            Set<String> declared,
            Set<String> needed) {
        int mark = findings.mark();
        ObjectNode root = raw.get(name).deepCopy();
        JsonNode dialect = root.remove("$schema");
        if (dialect != null && !DRAFT_4.equals(dialect.asText()) && !DRAFT_4.equals(dialect.asText() + "#")) {
            findings.warning(
                    api,
                    f + ".$schema",
                    Reason.NO_EFFECT,
                    "model " + name + " names " + dialect.asText() + "; models are JSON schema draft 4, as AWS"
                            + " validates them");
        }
        root.remove("id");
        Set<String> own = new LinkedHashSet<>();
        root.path("definitions").fieldNames().forEachRemaining(own::add);
        List<String> problems = new ArrayList<>();
        rewrite(root, name, own, needed, problems);
        List<String> queue = new ArrayList<>(needed);
        for (int i = 0; i < queue.size(); i++) {
            String other = queue.get(i);
            if (!raw.containsKey(other)) {
                problems.add(
                        declared.contains(other)
                                ? "it refers to model " + other + ", which has errors"
                                : "it refers to model " + other + ", which this API does not define");
                continue;
            }
            ObjectNode copy = raw.get(other).deepCopy();
            copy.remove("$schema");
            copy.remove("id");
            JsonNode theirs = copy.remove("definitions");
            Set<String> before = new LinkedHashSet<>(needed);
            rewrite(copy, name, own, needed, problems);
            if (theirs != null && theirs.size() > 0) {
                problems.add("it refers to model " + other + ", whose own definitions cannot be merged into " + name
                        + "'s; refer to those schemas as models instead");
            }
            definitions(root).set(other, copy);
            for (String n : needed) {
                if (!before.contains(n) && !queue.contains(n)) {
                    queue.add(n);
                }
            }
        }
        for (String problem : problems) {
            findings.error(api, f, Reason.INVALID_VALUE, "model " + name + ": " + problem);
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        String text;
        try {
            text = JSON.writeValueAsString(JSON.treeToValue(root, Object.class));
        } catch (JsonProcessingException e) {
            findings.error(api, f, Reason.INVALID_VALUE, "model " + name + " cannot be written as JSON: " + e);
            return null;
        }
        if (!declared.contains(name)) {
            // A built-in model: a constant that compiles.
            return text;
        }
        try {
            Schema schema = Draft4.REGISTRY.getSchema(text, InputFormat.JSON);
            schema.initializeValidators();
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            findings.error(
                    api,
                    f,
                    Reason.INVALID_VALUE,
                    "model " + name + " does not compile as a JSON schema: " + e.getMessage());
            return null;
        }
        return text;
    }

    private static ObjectNode definitions(ObjectNode root) {
        JsonNode d = root.get("definitions");
        if (d instanceof ObjectNode o) {
            return o;
        }
        return root.putObject("definitions");
    }

    /**
     * Rewrites the model references in {@code node} into pointers of the assembled document and
     * collects the models they name; a reference to anything else is a problem.
     *
     * @param self the model being assembled: a reference to it is the document's root
     * @param own the names of the assembled model's own definitions, which {@code #/definitions/X}
     *     means first
     */
    private static void rewrite(
            JsonNode node, String self, Set<String> own, Set<String> needed, List<String> problems) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = target(ref.asText(), self, own, needed, problems);
                if (target != null) {
                    object.put("$ref", target);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("$ref")) {
                    rewrite(e.getValue(), self, own, needed, problems);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                rewrite(item, self, own, needed, problems);
            }
        }
    }

    private static String target(String ref, String self, Set<String> own, Set<String> needed, List<String> problems) {
        Matcher aws = AWS_MODEL_REF.matcher(ref);
        if (aws.matches()) {
            String model = aws.group(1);
            String pointer = aws.group(2) == null ? "" : aws.group(2).substring(1);
            if (model.equals(self)) {
                return "#" + pointer;
            }
            if (own.contains(model)) {
                problems.add("its definitions and the model it refers to share the name " + model);
                return null;
            }
            needed.add(model);
            return "#/definitions/" + model + pointer;
        }
        Matcher local = DEFINITION_REF.matcher(ref);
        if (local.matches() && !own.contains(local.group(1))) {
            String model = local.group(1);
            String rest = local.group(2) == null ? "" : local.group(2);
            if (model.equals(self)) {
                return "#" + rest;
            }
            needed.add(model);
            return ref;
        }
        if (ref.startsWith("#")) {
            return ref;
        }
        problems.add("$ref " + ref + " is neither a model of this API nor a pointer into the schema; schemas are"
                + " never fetched");
        return null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
