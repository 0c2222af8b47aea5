package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written samples survive the trip out to AWS and back: exporting the petstore and
 * importing the export serves the same methods (same routes, backends, mappings and responses in
 * the compiled IR); only Integration names may differ, as the importer names them after targets,
 * and an Integration method equal to the method's own is written as ANY (the same request).
 */
class SamplesExportTest {
    private static JsonNode routes(List<SourceDocument> sources) {
        LoadResult loaded = ResourceLoader.load(sources);
        assertThat(loaded.findings()).isEmpty();
        CompileResult compiled = new Compiler().compile(loaded.snapshots().get("default"));
        assertThat(compiled.findings().stream().filter(f -> f.isError())).isEmpty();
        JsonNode tree = IrJson.mapper().valueToTree(compiled.config());
        for (JsonNode api : tree.path("apis")) {
            if (api.path("name").asText().equals("petstore")) {
                JsonNode routes = api.path("stages").get(0).path("routes").deepCopy();
                strip(routes);
                for (JsonNode route : routes) {
                    // Sending a GET method's request as GET is what ANY does; the import says ANY.
                    JsonNode integration = route.path("integration");
                    if (integration
                            .path("httpMethod")
                            .asText()
                            .equals(route.path("httpMethod").asText())) {
                        ((ObjectNode) integration).put("httpMethod", "ANY");
                    }
                }
                return routes;
            }
        }
        throw new AssertionError("no petstore in " + tree);
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("integrationName");
            node.forEach(SamplesExportTest::strip);
        } else if (node.isArray()) {
            node.forEach(SamplesExportTest::strip);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenApiExporter.Format.class)
    void exportingAndReimportingThePetstoreServesTheSameMethods(OpenApiExporter.Format format) throws IOException {
        List<SourceDocument> samples = TestInputs.samples();
        LoadResult loaded = ResourceLoader.load(samples);
        OpenApiExporter.ExportResult exported =
                OpenApiExporter.export(loaded.snapshots().get("default"), "petstore", "prod", format, true);
        assertThat(exported.hasErrors()).as("%s", exported.messages()).isFalse();

        Stage stage = loaded.snapshots().get("default").stages().stream()
                .filter(s -> "petstore".equals(s.getSpec().getRestApiRef())
                        && "prod".equals(s.getSpec().getStageName()))
                .findFirst()
                .orElseThrow();
        ImportResult imported = OpenApiImporter.importDocument(
                exported.document(),
                new ImportOptions(
                        "petstore", "prod", new TreeMap<>(stage.getSpec().getVariables()), null, null, null));
        assertThat(imported.hasErrors()).as("%s", imported.messages()).isFalse();

        // Keep what the import does not produce (Service, DomainName, Gateway) and the Stage with its
        // access log; replace the API and its Integrations with the imported ones.
        StringBuilder kept = new StringBuilder();
        for (var r : imported.resources()) {
            assertThat(r).isInstanceOfAny(RestApi.class, Integration.class, Stage.class);
        }
        kept.append(ResourceYaml.write(
                imported.resources().stream().filter(r -> !(r instanceof Stage)).toList()));
        List<SourceDocument> replaced = new ArrayList<>();
        for (SourceDocument d : samples) {
            if (d.name().equals("petstore.yaml")) {
                String service = d.text().substring(d.text().indexOf("apiVersion: v1\nkind: Service"));
                replaced.add(new SourceDocument("imported.yaml", kept + "---\n" + service));
            } else {
                replaced.add(d);
            }
        }
        assertThat(routes(replaced)).isEqualTo(routes(samples));
    }
}
