package dev.tollgate.compiler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The root of the Maven reactor, where {@code config/samples}, {@code helm/} and every module live.
 * Surefire sets {@code tollgate.repoRoot}; without it (a test run from an IDE) the working directory
 * and its parents are searched.
 */
public final class RepoRoot {
    private RepoRoot() {}

    /** The reactor root. */
    public static Path path() {
        String root = System.getProperty("tollgate.repoRoot");
        Path start = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root);
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("compiler/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no reactor root at or above " + start);
    }

    /** A path under the reactor root, e.g. {@code config/samples}. */
    public static Path resolve(String relative) {
        return path().resolve(relative);
    }

    /** Every module's main source tree ({@code <module>/src/main/java}), sorted by module. */
    public static List<Path> mainSourceTrees() {
        try (Stream<Path> modules = Files.list(path())) {
            return modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
