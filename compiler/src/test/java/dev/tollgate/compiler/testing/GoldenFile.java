package dev.tollgate.compiler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares an output with its golden file, as Envoy Gateway's translator tests do. {@code
 * -Dtollgate.golden.update=true} rewrites the golden files instead; review the diff before
 * committing it.
 */
public final class GoldenFile {
    /** Whether this run rewrites golden files. */
    public static final boolean UPDATE = Boolean.getBoolean("tollgate.golden.update");

    private GoldenFile() {}

    /** Asserts {@code actual} equals the golden file's text (or writes it, when updating). */
    public static void assertMatches(Path golden, String actual) {
        try {
            if (UPDATE) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(golden)
                    .as("golden file %s (create it with -Dtollgate.golden.update=true)", golden)
                    .exists();
            assertThat(actual)
                    .as("%s differs from the output; review and refresh with -Dtollgate.golden.update=true", golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
