package dev.tollgate.compiler.testing;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
