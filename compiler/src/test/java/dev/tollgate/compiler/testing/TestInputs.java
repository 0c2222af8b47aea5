package dev.tollgate.compiler.testing;

import dev.tollgate.compiler.CompileResult;
import dev.tollgate.compiler.Compiler;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.NamespaceSnapshot;
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

/**
 * Compiler test inputs: YAML fixtures, the golden cases under {@code
 * compiler/src/test/resources/golden} and the samples in {@code config/samples}, loaded and
 * compiled as local mode does.
 */
public final class TestInputs {
    private TestInputs() {}

    /** The folder of golden cases, {@code <case>.in.yaml} and {@code <case>.out.yaml}. */
    public static Path goldenDir() {
        return RepoRoot.resolve("compiler/src/test/resources/golden");
    }

    /** The golden cases' names, sorted. */
    public static List<String> goldenCases() {
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

    /** A file as a source named by its path from the repository root. */
    public static SourceDocument read(Path file) {
        try {
            return new SourceDocument(
                    RepoRoot.path().relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.yaml} of {@code config/samples}, sorted by name. */
    public static List<SourceDocument> samples() {
        try (Stream<Path> files = Files.list(RepoRoot.resolve("config/samples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(TestInputs::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads YAML text (one source named {@code test.yaml}). */
    public static LoadResult load(String yaml) {
        return ResourceLoader.load(List.of(new SourceDocument("test.yaml", yaml)));
    }

    /** The snapshot of one namespace of YAML text. */
    public static NamespaceSnapshot snapshot(String yaml, String namespace) {
        return load(yaml).snapshots().get(namespace);
    }

    /** The {@code default} namespace's snapshot of a golden case's input. */
    public static NamespaceSnapshot goldenSnapshot(String goldenCase) {
        SourceDocument source = read(goldenDir().resolve(goldenCase + ".in.yaml"));
        return ResourceLoader.load(List.of(source)).snapshots().get("default");
    }

    /** Loads and compiles sources; the result as the golden files show it. */
    public static Map<String, Object> run(List<SourceDocument> sources) {
        LoadResult loaded = ResourceLoader.load(sources);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loadFindings", goldenLines(loaded.findings()));
        Map<String, Object> namespaces = new LinkedHashMap<>();
        Compiler compiler = new Compiler();
        loaded.snapshots().forEach((ns, snapshot) -> {
            CompileResult result = compiler.compile(snapshot);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("config", result.config());
            one.put("findings", goldenLines(result.findings()));
            namespaces.put(ns, one);
        });
        out.put("namespaces", namespaces);
        return out;
    }

    /**
     * A finding as golden files record it: {@code SEVERITY namespace/Kind/name field: message}. The
     * golden files predate the reason in {@link Finding#toString()}; they keep this shape so they
     * change only when what the compiler says changes.
     */
    public static String goldenLine(Finding f) {
        return f.severity() + " " + f.resource() + (f.field().isEmpty() ? "" : " " + f.field()) + ": " + f.message();
    }

    /** {@link #goldenLine} of each finding. */
    public static List<String> goldenLines(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(goldenLine(f)));
        return out;
    }
}
