package dev.tollgate.compiler.openapi;

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
final class OpenApiCorpus {
    static final boolean UPDATE = Boolean.getBoolean("tollgate.golden.update");

    private OpenApiCorpus() {}

    static Path dir() {
        String root = System.getProperty("tollgate.repoRoot");
        Path dir = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root);
        while (dir != null && !Files.exists(dir.resolve("compiler/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no reactor root above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("compiler/src/test/resources/openapi");
    }

    /** The documents' file names, sorted. */
    static List<String> documents() {
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

    static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options every corpus document is imported with (stage variables the documents use). */
    static ImportOptions options() {
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
