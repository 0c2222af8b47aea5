package dev.tollgate.operator.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.operator.argocd.ArgoCdLua.HealthStatus;
import dev.tollgate.operator.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Argo CD health checks of the Tollgate kinds as laid out in argocd/resource_customizations
 * (Argo CD's own layout: {@code <group>/<Kind>/health.lua}, {@code health_test.yaml} listing
 * {@code testdata/} fixtures with the health each must get), and the kinds the chart's CRDs define.
 */
public final class HealthChecks {
    /** Where the health checks of the group live. */
    static final Path GROUP_DIR = Repo.root().resolve("argocd/resource_customizations/" + Crds.GROUP);

    /** The chart's CRD manifests: the kinds users can create. */
    static final Path CRDS = Repo.root().resolve("helm/tollgate/crds");

    /** One entry of a health_test.yaml: a fixture and the health it must get. */
    record Case(String kind, String inputPath, HealthStatus expected) {
        Path input() {
            return GROUP_DIR.resolve(kind).resolve(inputPath);
        }
    }

    private HealthChecks() {}

    /** Each kind of the group the CRDs define, and whether it has a status subresource. */
    public static SortedMap<String, Boolean> crdKinds() {
        SortedMap<String, Boolean> kinds = new TreeMap<>();
        for (Path file : list(CRDS)) {
            JsonNode crd = ArgoCdLua.readYaml(file);
            if (!Crds.GROUP.equals(crd.path("spec").path("group").asText())) {
                continue;
            }
            boolean status = false;
            for (JsonNode version : crd.path("spec").path("versions")) {
                status |= version.path("subresources").has("status");
            }
            kinds.put(crd.path("spec").path("names").path("kind").asText(), status);
        }
        return kinds;
    }

    /** The kinds that have a folder under {@link #GROUP_DIR}. */
    static List<String> kindsWithFolder() {
        return list(GROUP_DIR).stream()
                .filter(Files::isDirectory)
                .map(p -> p.getFileName().toString())
                .toList();
    }

    /** A kind's health.lua. */
    public static String script(String kind) {
        return read(GROUP_DIR.resolve(kind).resolve("health.lua"));
    }

    /** The cases of a kind's health_test.yaml, in file order. */
    static List<Case> cases(String kind) {
        JsonNode tests = ArgoCdLua.readYaml(GROUP_DIR.resolve(kind).resolve("health_test.yaml"))
                .path("tests");
        List<Case> out = new ArrayList<>();
        for (JsonNode test : tests) {
            JsonNode health = test.path("healthStatus");
            out.add(new Case(
                    kind,
                    test.path("inputPath").asText(),
                    new HealthStatus(
                            health.path("status").asText(""),
                            health.path("message").asText(""))));
        }
        return out;
    }

    /** The files in a kind's testdata folder, as paths relative to the kind's folder. */
    static List<String> testdata(String kind) {
        Path dir = GROUP_DIR.resolve(kind).resolve("testdata");
        return list(dir).stream().map(p -> "testdata/" + p.getFileName()).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
