package dev.tollgate.compiler.testing;

import dev.tollgate.compiler.openapi.ImportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The corpus of AWS export documents under {@code compiler/src/test/resources/openapi}. */
public final class OpenApiCorpus {
    private OpenApiCorpus() {}

    /** The corpus folder; golden outputs are in its {@code golden} folder. */
    public static Path dir() {
        return RepoRoot.resolve("compiler/src/test/resources/openapi");
    }

    /** The documents' file names, sorted. */
    public static List<String> documents() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") || n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document's text. */
    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden file of a document's output, e.g. {@code petstore-rest-oas30.json.out.yaml}. */
    public static Path golden(String name) {
        return dir().resolve("golden").resolve(name);
    }

    /** The options every corpus document is imported with (stage variables the documents use). */
    public static ImportOptions options() {
        TreeMap<String, String> variables = new TreeMap<>();
        variables.put("backendHost", "search.internal:8080");
        variables.put("legacyHost", "legacy.internal");
        variables.put("partnerKey", "demo");
        variables.put("vpcLinkId", "none");
        TreeMap<String, ImportOptions.LambdaLocation> lambdas = new TreeMap<>();
        lambdas.put("list-orders", ImportOptions.LambdaLocation.parse("orders-lambda:9000"));
        lambdas.put("*", ImportOptions.LambdaLocation.parse("lambda-runtime.serverless:8080"));
        return new ImportOptions(null, "prod", variables, null, lambdas, new TreeSet<>(Set.of("apps")));
    }
}
