package dev.tollgate.compiler.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.compiler.testing.GoldenFile;
import dev.tollgate.compiler.testing.OpenApiCorpus;
import dev.tollgate.crds.v1alpha1.RestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Importing an export of an import gives the same resources, for every corpus document and both
 * export formats; the export goes through the written YAML, as the CLI does, and matches its
 * golden file ({@code golden/<document>.export-<format>.json}).
 */
class OpenApiRoundTripTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String document : OpenApiCorpus.documents()) {
            for (OpenApiExporter.Format format : OpenApiExporter.Format.values()) {
                out.add(Arguments.of(document, format));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void importingTheExportOfAnImportGivesTheSameResources(String document, OpenApiExporter.Format format) {
        ImportOptions options = OpenApiCorpus.options();
        ImportResult first = OpenApiImporter.importDocument(OpenApiCorpus.read(document), options);
        assertThat(first.hasErrors()).as("%s", first.messages()).isFalse();
        String yaml = ResourceYaml.write(first.resources());

        LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument(document, yaml)));
        assertThat(loaded.findings()).isEmpty();
        String api = first.resources().get(0).getMetadata().getName();
        assertThat(first.resources().get(0)).isInstanceOf(RestApi.class);
        OpenApiExporter.ExportResult exported =
                OpenApiExporter.export(loaded.snapshots().get("default"), api, "prod", format, true);
        assertThat(exported.hasErrors()).as("%s", exported.messages()).isFalse();
        GoldenFile.assertMatches(
                OpenApiCorpus.golden(document + ".export-" + format.name().toLowerCase(Locale.ROOT) + ".json"),
                exported.document());

        ImportOptions again = new ImportOptions(
                api,
                options.stageName(),
                options.stageVariables(),
                options.namespace(),
                options.lambdaServices(),
                options.clusterNamespaces());
        ImportResult second = OpenApiImporter.importDocument(exported.document(), again);
        assertThat(second.hasErrors()).as("%s", second.messages()).isFalse();
        assertThat(ResourceYaml.write(second.resources()))
                .as("re-import of the %s export:\n%s", format, exported.document())
                .isEqualTo(yaml);
    }
}
