package dev.tollgate.compiler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QualifiedNameScannerTest {

    @Test
    void findsQualifiedNamesInDeclarationsExpressionsAndAnnotations() {
        String java = String.join(
                "\n",
                "package a.b;",
                "",
                "class X {",
                "    @io.fabric8.generator.annotation.Min(0)",
                "    java.util.List<String> names = new java.util.ArrayList<>();",
                "    Object o = (dev.tollgate.ir.RouteConfig) null;",
                "}");
        assertThat(QualifiedNameScanner.scan("X.java", java))
                .extracting(QualifiedNameScanner.Hit::toString)
                .containsExactly(
                        "X.java:4: io.fabric8.generator.annotation.Min",
                        "X.java:5: java.util.List",
                        "X.java:5: java.util.ArrayList",
                        "X.java:6: dev.tollgate.ir.RouteConfig");
    }

    @Test
    void ignoresImportsCommentsLiteralsAndMemberAccess() {
        String java = String.join(
                "\n",
                "package dev.tollgate.compiler;",
                "",
                "import java.util.List;",
                "import static java.util.Objects.requireNonNull;",
                "",
                "/** Uses {@link java.util.Map} and {@code dev.tollgate.ir.Foo}. */",
                "class X {",
                "    // java.util.Set in a comment",
                "    /* java.util.Set in a block */",
                "    String s = \"java.util.Set \\\" java.util.Set\";",
                "    char c = '\"';",
                "    String t = \"\"\"",
                "        java.util.Set in a text block",
                "        \"\"\";",
                "    Object f = this.config.Value;",
                "}");
        assertThat(QualifiedNameScanner.scan("X.java", java)).isEmpty();
    }
}
