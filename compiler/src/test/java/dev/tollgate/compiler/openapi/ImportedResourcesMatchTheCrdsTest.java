package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tollgate.compiler.testing.OpenApiCorpus;
import dev.tollgate.compiler.testing.RepoRoot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What import writes passes the CRDs' OpenAPI schemas (types, required fields, patterns, ranges),
 * as the API server checks them on {@code kubectl apply}. CEL rules are checked by the importer's
 * own rules and the compiler.
 */
class ImportedResourcesMatchTheCrdsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<String> documents() {
        return OpenApiCorpus.documents();
    }

    private static Schema schema(String kind) throws IOException {
        Path crd = RepoRoot.resolve("helm/tollgate/crds")
                .resolve(kind.toLowerCase(Locale.ROOT) + "s.apigateway.tollgate.dev.yaml");
        JsonNode schema = YAML.readTree(crd.toFile())
                .path("spec")
                .path("versions")
                .get(0)
                .path("schema")
                .path("openAPIV3Schema");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(schema.toString(), InputFormat.JSON);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyImportedResourceValidatesAgainstItsCrd(String document) throws IOException {
        ImportResult result = OpenApiImporter.importDocument(OpenApiCorpus.read(document), OpenApiCorpus.options());
        assertThat(result.hasErrors()).isFalse();
        for (HasMetadata r : result.resources()) {
            JsonNode written = YAML.readTree(ResourceYaml.write(List.of(r)));
            List<Error> problems = schema(r.getKind()).validate(written.toString(), InputFormat.JSON);
            assertThat(problems)
                    .as("%s %s", r.getKind(), r.getMetadata().getName())
                    .isEmpty();
        }
    }
}
