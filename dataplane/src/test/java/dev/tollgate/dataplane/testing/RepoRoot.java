package dev.tollgate.dataplane.testing;

import java.nio.file.Path;

/** The repository's root folder, as the build names it ({@code tollgate.repoRoot}), for files tests read. */
public final class RepoRoot {
    private RepoRoot() {}

    /** The root; the data plane module's parent when the build did not say. */
    public static Path path() {
        return Path.of(System.getProperty("tollgate.repoRoot", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** {@code config/samples}: the runnable examples. */
    public static Path samples() {
        return path().resolve("config/samples");
    }

    /** A file or folder under the root. */
    public static Path resolve(String relative) {
        return path().resolve(relative);
    }
}
