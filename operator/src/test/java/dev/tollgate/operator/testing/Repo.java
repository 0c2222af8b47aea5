package dev.tollgate.operator.testing;

import java.nio.file.Path;

/** Where the repository is: the build passes its root; the module's parent otherwise. */
public final class Repo {
    private Repo() {}

    /** The repository root. */
    public static Path root() {
        String root = System.getProperty("tollgate.repoRoot");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }

    /** A path relative to the repository root. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
