package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.testing.OpenApiCorpus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never crashes the importer: corpus documents with random parts replaced by values of
 * the wrong type import to errors or to resources that load back, and the export of whatever
 * imported does not throw either. Seeded, so a failure repeats; {@code -Dtollgate.fuzz.iterations}
 * and {@code -Dtollgate.fuzz.seed} explore further.
 */
class OpenApiHostileInputTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static List<String> documents() {
        return OpenApiCorpus.documents();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void mutatedDocumentsGiveMessagesNotExceptions(String document) throws Exception {
        JsonNode original = YAML.readTree(OpenApiCorpus.read(document));
        Random random = new Random(document.hashCode() + Long.getLong("tollgate.fuzz.seed", 0L));
        int imported = 0;
        for (int i = 0; i < Integer.getInteger("tollgate.fuzz.iterations", 100); i++) {
            JsonNode copy = original.deepCopy();
            List<JsonNode> containers = new ArrayList<>();
            collect(copy, containers);
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                mutate(containers.get(random.nextInt(containers.size())), random);
            }
            String text = random.nextBoolean() ? copy.toString() : YAML.writeValueAsString(copy);
            ImportResult result = OpenApiImporter.importDocument(text, OpenApiCorpus.options());
            if (result.hasErrors()) {
                assertThat(result.resources()).isEmpty();
                continue;
            }
            imported++;
            String yaml = ResourceYaml.write(result.resources());
            LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument(document, yaml)));
            String api = result.resources().get(0).getMetadata().getName();
            for (var snapshot : loaded.snapshots().values()) {
                for (OpenApiExporter.Format format : OpenApiExporter.Format.values()) {
                    OpenApiExporter.export(snapshot, api, "prod", format, true);
                }
            }
        }
        assertThat(imported).as("some mutations still import").isPositive();
    }

    @Test
    void truncatedDocumentsGiveMessagesNotExceptions() {
        for (String document : OpenApiCorpus.documents()) {
            String text = OpenApiCorpus.read(document);
            for (int cut = 0; cut < text.length(); cut += Math.max(1, text.length() / 97)) {
                ImportResult r = OpenApiImporter.importDocument(text.substring(0, cut), OpenApiCorpus.options());
                assertThat(r.hasErrors() || !r.resources().isEmpty()).isTrue();
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(n -> collect(n, out));
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> F.textNode("x");
            case 1 -> F.numberNode(random.nextInt(100000) - 50000);
            case 2 -> F.booleanNode(random.nextBoolean());
            case 3 -> F.nullNode();
            case 4 -> F.arrayNode().add("a").add(1);
            case 5 -> F.objectNode().put("$ref", "#/paths");
            default -> F.objectNode().put("k", "v");
        };
    }

    private static void mutate(JsonNode container, Random random) {
        if (container instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                o.remove(name);
            } else {
                o.set(name, randomValue(random));
            }
        } else if (container instanceof ArrayNode a && !a.isEmpty()) {
            a.set(random.nextInt(a.size()), randomValue(random));
        }
    }
}
