package dev.tollgate.compiler;

import dev.tollgate.compiler.load.LoadResult;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test inputs read from the repository: golden cases and config samples. */
final class TestInputs {
    private TestInputs() {}

    static Path repoRoot() {
        String root = System.getProperty("tollgate.repoRoot");
        Path dir = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root);
        while (dir != null && !Files.exists(dir.resolve("compiler/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no reactor root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path goldenDir() {
        return repoRoot().resolve("compiler/src/test/resources/golden");
    }

    static List<String> goldenCases() {
        try (Stream<Path> files = Files.list(goldenDir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".in.yaml"))
                    .map(n -> n.substring(0, n.length() - ".in.yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SourceDocument read(Path file) {
        try {
            return new SourceDocument(
                    repoRoot().relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SourceDocument> samples() {
        try (Stream<Path> files = Files.list(repoRoot().resolve("config/samples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(TestInputs::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads and compiles sources; the result as the golden files show it. */
    static Map<String, Object> run(List<SourceDocument> sources) {
        LoadResult loaded = ResourceLoader.load(sources);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loadFindings", strings(loaded.findings()));
        Map<String, Object> namespaces = new LinkedHashMap<>();
        Compiler compiler = new Compiler();
        loaded.snapshots().forEach((ns, snapshot) -> {
            CompileResult result = compiler.compile(snapshot);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("config", result.config());
            one.put("findings", strings(result.findings()));
            namespaces.put(ns, one);
        });
        out.put("namespaces", namespaces);
        return out;
    }

    static List<String> strings(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.toString()));
        return out;
    }
}
