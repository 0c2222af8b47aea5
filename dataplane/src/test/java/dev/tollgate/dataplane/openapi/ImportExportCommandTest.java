package dev.tollgate.dataplane.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.RepoRoot;
import dev.tollgate.ir.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import and export commands' file handling: what they write, and that bad input writes nothing. */
class ImportExportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int importing(String... args) {
        return ImportCommand.run(args, stream(out), stream(err));
    }

    private int exporting(String... args) {
        return ExportCommand.run(args, stream(out), stream(err));
    }

    private static PrintStream stream(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private static Path corpus(String name) {
        return RepoRoot.resolve("compiler/src/test/resources/openapi").resolve(name);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static long files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void basepathPrependsOrSplitsTheDocumentsBasePathAsAwsImportRestApiDoes() throws IOException {
        Path document = corpus("validated-rest-swagger.json");
        for (String[] c : new String[][] {
            {"ignore", "path: /validation"}, {"prepend", "path: /v1/validation"}, {"split", "path: /validation"}
        }) {
            Path folder = dir.resolve(c[0]);
            int code = importing(
                    "import", document.toString(), "--stage", "prod", "--basepath", c[0], "--out", folder.toString());
            assertThat(code).as(errors()).isZero();
            assertThat(Files.readString(folder.resolve("reqvalidators-sample.yaml")))
                    .as(c[0])
                    .contains(c[1]);
        }
        assertThat(importing(
                        "import", document.toString(), "--stage", "prod", "--basepath", "up", "--out", dir.toString()))
                .isEqualTo(2);
    }

    @Test
    void modeMergeKeepsWhatTheFolderHoldsAndTheNewDefinitionWins() throws IOException {
        Path folder = dir.resolve("merged");
        assertThat(importing(
                        "import",
                        corpus("validated-rest-swagger.json").toString(),
                        "--stage",
                        "prod",
                        "--out",
                        folder.toString()))
                .as(errors())
                .isZero();
        int code = importing(
                "import",
                corpus("echo-rest-oas30.yaml").toString(),
                "--stage",
                "prod",
                "--name",
                "reqvalidators-sample",
                "--mode",
                "merge",
                "--out",
                folder.toString());
        assertThat(code).as(errors()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("merged into ");
        String yaml = Files.readString(folder.resolve("reqvalidators-sample.yaml"));
        // Both definitions' resources, models and validators are there, and the file still loads.
        assertThat(yaml).contains("path: /validation").contains("path: /health").contains("name: RequestBodyModel");
        LoadResult loaded = ResourceLoader.load(List.of(new SourceDocument("merged.yaml", yaml)));
        assertThat(loaded.findings()).isEmpty();
        assertThat(loaded.snapshots().get("default").restApis()).hasSize(1);
        assertThat(loaded.snapshots().get("default").stages()).hasSize(1);
    }

    @Test
    void importWritesOneYamlFileNamedAfterTheApiWithTheNamespaceAndLambdaLocations() throws IOException {
        Path map = dir.resolve("lambdas.txt");
        Files.writeString(map, "# where functions run\nlist-orders=orders-lambda:9000\n");
        Path folder = dir.resolve("out");
        int code = importing(
                "import",
                corpus("orders-rest-swagger.yaml").toString(),
                "--stage",
                "live",
                "--namespace",
                "shop",
                "--lambda-map",
                map.toString(),
                "--lambda",
                "*=lambda-runtime.serverless:8080",
                "--out",
                folder.toString());
        assertThat(code).as(errors()).isZero();
        String yaml = Files.readString(folder.resolve("orders-api.yaml"));
        assertThat(yaml)
                .contains("namespace: shop")
                .contains("stageName: live")
                .contains("name: orders-lambda")
                .contains("name: lambda-runtime");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote ").contains("RestApi orders-api");
        assertThat(errors()).contains("x-amazon-apigateway-documentation has no place");
    }

    @Test
    void aBrokenRefIsReportedWithItsLocationAndNothingIsWritten() throws IOException {
        Path doc = dir.resolve("broken.yaml");
        Files.writeString(
                doc,
                "openapi: 3.0.1\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      parameters:\n"
                        + "        - $ref: '#/components/parameters/Missing'\n");
        Path folder = dir.resolve("out");
        assertThat(importing("import", doc.toString(), "--stage", "s", "--out", folder.toString()))
                .isEqualTo(1);
        assertThat(errors())
                .contains("/paths/~1a/get/parameters/0/$ref")
                .contains("#/components/parameters/Missing points at nothing")
                .contains("nothing written");
        assertThat(files(folder)).isZero();
    }

    @Test
    void invalidYamlIsReportedWithLineAndColumnAndNothingIsWritten() throws IOException {
        Path doc = dir.resolve("bad.yaml");
        Files.writeString(doc, "openapi: 3.0.1\npaths:\n  /a: [unclosed\n");
        Path folder = dir.resolve("out");
        assertThat(importing("import", doc.toString(), "--stage", "s", "--out", folder.toString()))
                .isEqualTo(1);
        assertThat(errors()).contains("line ").contains("column ").contains("not valid YAML");
        assertThat(files(folder)).isZero();
    }

    @Test
    void exportOfAnImportImportsToTheSameFile() throws IOException {
        Path first = dir.resolve("first");
        assertThat(importing(
                        "import",
                        corpus("petstore-rest-oas30.json").toString(),
                        "--stage",
                        "prod",
                        "--stage-variable",
                        "legacyHost=legacy.internal",
                        "--out",
                        first.toString()))
                .as(errors())
                .isZero();
        for (String format : new String[] {"oas30", "swagger"}) {
            Path exported = dir.resolve("petstore-" + format + ".json");
            assertThat(exporting(
                            "export",
                            first.toString(),
                            "--rest-api",
                            "petstore",
                            "--stage",
                            "prod",
                            "--format",
                            format,
                            "--extensions",
                            "--out",
                            exported.toString()))
                    .as(errors())
                    .isZero();
            Path second = dir.resolve("second-" + format);
            assertThat(importing(
                            "import",
                            exported.toString(),
                            "--stage",
                            "prod",
                            "--stage-variable",
                            "legacyHost=legacy.internal",
                            "--out",
                            second.toString()))
                    .as(errors())
                    .isZero();
            // The warnings (leading comments) name places in each input document; the resources must match.
            assertThat(resources(second.resolve("petstore.yaml"))).isEqualTo(resources(first.resolve("petstore.yaml")));
        }
    }

    private static String resources(Path file) throws IOException {
        return Files.readString(file).lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void exportWithoutExtensionsIsPlainOpenApi() throws IOException {
        Path folder = dir.resolve("api");
        assertThat(importing(
                        "import",
                        corpus("echo-rest-oas30.yaml").toString(),
                        "--stage",
                        "prod",
                        "--out",
                        folder.toString()))
                .isZero();
        assertThat(errors()).contains("--stage-variable backendHost: the API uses stage variable backendHost");
        out.reset();
        assertThat(exporting("export", folder.toString(), "--rest-api", "echo-shop", "--stage", "prod"))
                .as(errors())
                .isZero();
        String doc = out.toString(StandardCharsets.UTF_8);
        assertThat(doc).contains("\"openapi\" : \"3.0.1\"").contains("/items/{itemId}");
        // ANY keeps its one OpenAPI spelling; everything else AWS-specific is left out.
        assertThat(doc)
                .contains("x-amazon-apigateway-any-method")
                .doesNotContain("x-amazon-apigateway-integration")
                .doesNotContain("x-amazon-apigateway-request-validator");
    }

    @Test
    void exportOfAnUnknownStageFailsAndNamesIt() throws IOException {
        Path folder = dir.resolve("api");
        assertThat(importing(
                        "import",
                        corpus("echo-rest-oas30.yaml").toString(),
                        "--stage",
                        "prod",
                        "--out",
                        folder.toString()))
                .isZero();
        assertThat(exporting("export", folder.toString(), "--rest-api", "echo-shop", "--stage", "beta"))
                .isEqualTo(1);
        assertThat(errors()).contains("no Stage beta deploys RestApi echo-shop");
    }

    @Test
    void awsEndpointAndCredentialsFlagsPointS3AndSqsIntegrationsAtTheirStoreAndTheResultCompiles() throws IOException {
        Path folder = dir.resolve("out");
        int code = importing(
                "import",
                RepoRoot.resolve("compiler/src/test/resources/openapi-aws/objects-and-queue-rest-oas30.yaml")
                        .toString(),
                "--stage",
                "prod",
                "--aws-endpoint",
                "s3=http://127.0.0.1:9100",
                "--aws-endpoint",
                "sqs=http://127.0.0.1:9324",
                "--aws-credentials",
                "store-credentials",
                "--out",
                folder.toString());

        assertThat(code).as(errors()).isZero();
        String yaml = Files.readString(folder.resolve("objects-and-queue.yaml"));
        assertThat(yaml)
                .contains("endpoint: http://127.0.0.1:9100")
                .contains("endpoint: http://127.0.0.1:9324")
                .contains("credentialsSecret: store-credentials");
        // In local mode the credentials are a Secret manifest in the same folder.
        String secret = String.join(
                "\n",
                "---",
                "apiVersion: v1",
                "kind: Secret",
                "metadata: {name: store-credentials}",
                "stringData: {accessKeyId: demo, secretAccessKey: demo-secret}",
                "");
        GatewayConfig config = CompiledYaml.compile(yaml + secret);
        assertThat(config.apis())
                .singleElement()
                .satisfies(api -> assertThat(api.stages().get(0).routes()).hasSize(5));
    }

    @Test
    void malformedAwsFlagsWriteNothingAndExplainTheirShape() throws IOException {
        Path document = RepoRoot.resolve("compiler/src/test/resources/openapi-aws/objects-and-queue-rest-oas30.yaml");
        Path folder = dir.resolve("none");

        int noUrl = importing(
                "import", document.toString(), "--stage", "prod", "--aws-endpoint", "s3", "--out", folder.toString());
        int notAUrl = importing(
                "import",
                document.toString(),
                "--stage",
                "prod",
                "--aws-endpoint",
                "s3=minio:9000",
                "--out",
                folder.toString());
        int badName = importing(
                "import",
                document.toString(),
                "--stage",
                "prod",
                "--aws-credentials",
                "Not_A_Name",
                "--out",
                folder.toString());

        assertThat(List.of(noUrl, notAUrl, badName)).containsOnly(2);
        assertThat(errors())
                .contains("--aws-endpoint takes SERVICE=URL")
                .contains("--aws-credentials takes a Secret name");
        assertThat(files(folder)).isZero();
    }
}
