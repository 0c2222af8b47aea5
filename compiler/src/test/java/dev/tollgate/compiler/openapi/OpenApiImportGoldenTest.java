package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.testing.GoldenFile;
import dev.tollgate.compiler.testing.OpenApiCorpus;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.Integration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus document imports to its golden resources (messages as leading comments), and the
 * compiler's findings on those resources match theirs: each field the gateway does not serve yet
 * is named. {@code -Dtollgate.golden.update=true} rewrites the golden files.
 */
class OpenApiImportGoldenTest {
    static List<String> documents() {
        return OpenApiCorpus.documents();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void importsToTheGoldenResources(String document) throws IOException {
        ImportResult result = OpenApiImporter.importDocument(OpenApiCorpus.read(document), OpenApiCorpus.options());
        assertThat(result.hasErrors()).as("errors: %s", result.messages()).isFalse();
        String actual = ResourceYaml.render(result);
        GoldenFile.assertMatches(OpenApiCorpus.golden(document + ".out.yaml"), actual);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void theCompilerNamesWhatIsNotServedYet(String document) throws IOException {
        ImportResult result = OpenApiImporter.importDocument(OpenApiCorpus.read(document), OpenApiCorpus.options());
        String yaml = ResourceYaml.write(result.resources()) + services(result.resources());
        LoadResult load = ResourceLoader.load(List.of(new SourceDocument(document, yaml)));
        assertThat(load.findings()).as("the written YAML loads cleanly").isEmpty();
        StringBuilder out = new StringBuilder();
        for (NamespaceSnapshot snapshot : load.snapshots().values()) {
            CompileResult compiled = new Compiler().compile(snapshot);
            out.append(compiled.findings().stream().map(TestInputs::goldenLine).collect(Collectors.joining("\n")))
                    .append('\n');
        }
        GoldenFile.assertMatches(OpenApiCorpus.golden(document + ".findings.txt"), out.toString());
    }

    /** Service documents for every Service the Integrations name, as local mode's --service adds. */
    static String services(List<HasMetadata> resources) {
        TreeSet<String> names = new TreeSet<>();
        for (HasMetadata r : resources) {
            if (r instanceof Integration i && i.getSpec().getService() != null) {
                var s = i.getSpec().getService();
                String ns = s.getNamespace() == null ? "default" : s.getNamespace();
                names.add(s.getName() + " " + ns + " " + s.getPort());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String n : names) {
            String[] p = n.split(" ");
            out.append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ")
                    .append(p[0])
                    .append("\n  namespace: ")
                    .append(p[1])
                    .append("\nspec:\n  ports:\n    - port: ")
                    .append(p[2])
                    .append('\n');
        }
        return out.toString();
    }
}
