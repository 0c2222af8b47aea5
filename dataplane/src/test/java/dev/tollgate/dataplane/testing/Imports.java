package dev.tollgate.dataplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.openapi.ImportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code import} command as a user would, failing the test with its messages when it fails. */
public final class Imports {
    private Imports() {}

    /** Imports a corpus document ({@code compiler/src/test/resources/openapi/NAME}) into a folder. */
    public static void corpus(String document, Path folder, String... flags) {
        List<String> args = new ArrayList<>(List.of(
                "import",
                RepoRoot.resolve("compiler/src/test/resources/openapi")
                        .resolve(document)
                        .toString(),
                "--out",
                folder.toString()));
        args.addAll(List.of(flags));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportCommand.run(
                args.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }
}
