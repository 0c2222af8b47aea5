package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.testing.QualifiedNameScanner;
import dev.tollgate.compiler.testing.RepoRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Main code of every module imports the classes it uses: a fully qualified name written inline
 * hides a dependency from the import list, where a reader (and the fence tests) look. One check
 * for the whole repository: it reads source files only, so it runs here, in the first module with
 * tests, and sees each module's {@code src/main/java}.
 */
class NoInlineQualifiedNamesTest {

    @Test
    void mainCodeOfEveryModuleWritesNoFullyQualifiedNames() {
        List<Path> trees = RepoRoot.mainSourceTrees();
        assertThat(trees)
                .as("module source trees")
                .contains(RepoRoot.resolve("compiler/src/main/java"), RepoRoot.resolve("dataplane/src/main/java"));
        List<QualifiedNameScanner.Hit> hits = QualifiedNameScanner.scanTrees(trees);
        assertThat(hits).as("import these instead of writing them inline").isEmpty();
    }
}
