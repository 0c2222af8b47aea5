package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.testing.QualifiedNameScanner;
import dev.tollgate.compiler.testing.RepoRoot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Main code of crds/ and compiler/ imports the classes it uses: a fully qualified name written
 * inline hides a dependency from the import list, where a reader (and the fence tests) look.
 */
class NoInlineQualifiedNamesTest {

    @Test
    void mainCodeOfCrdsAndCompilerWritesNoFullyQualifiedNames() {
        List<QualifiedNameScanner.Hit> hits = QualifiedNameScanner.scanTrees(
                List.of(RepoRoot.resolve("crds/src/main/java"), RepoRoot.resolve("compiler/src/main/java")));
        assertThat(hits).as("import these instead of writing them inline").isEmpty();
    }
}
