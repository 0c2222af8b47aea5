package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.operator.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's main code names classes by their simple names and imports them: a fully qualified
 * name written inline ({@code new java.util.ArrayList<>()}) hides a dependency from the imports,
 * where a reader looks for it. Import and package lines, comments (Javadoc included) and string
 * literals may hold qualified names.
 */
class NoInlineQualifiedNamesTest {
    /** Two or more lower-case package segments, then a class name: {@code java.util.List}. */
    static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*");

    @Test
    void operatorMainCodeWritesNoQualifiedNameInline() throws IOException {
        List<String> found = new ArrayList<>();
        Path main = Repo.path("operator/src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String hit : inlineQualifiedNames(Files.readString(f, StandardCharsets.UTF_8))) {
                    found.add(main.relativize(f) + ":" + hit);
                }
            }
        }
        assertThat(found).as("import these instead").isEmpty();
    }

    @Test
    void checkFindsQualifiedNamesInCodeButNotInImportsCommentsOrStrings() {
        String source = String.join(
                "\n",
                "package dev.tollgate.operator;",
                "import java.util.List;",
                "import static java.util.Map.entry;",
                "/** Uses {@link java.util.Map} and {@code io.fabric8.kubernetes.client.KubernetesClient}. */",
                "class Sample {",
                "    // see java.util.concurrent.Executors",
                "    /* io.quarkus.runtime.Quarkus too */",
                "    String s = \"dev.tollgate.ir.GatewayConfig \\\" java.util.Set\";",
                "    char c = '\"';",
                "    String t = \"\"\"",
                "        text block naming java.time.Instant",
                "        \"\"\";",
                "    List<String> a = new java.util.ArrayList<>();",
                "    @jakarta.annotation.Priority(1) int p;",
                "    int n = spec.getListeners().size() + this.value.length;",
                "}");
        assertThat(inlineQualifiedNames(source))
                .containsExactly("13: java.util.ArrayList", "14: jakarta.annotation.Priority");
    }

    /** {@code line: name} of every qualified name in code outside imports, comments and strings. */
    static List<String> inlineQualifiedNames(String source) {
        String[] lines = codeOnly(source).split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                out.add((i + 1) + ": " + m.group());
            }
        }
        return out;
    }

    /** The source with comments, string and character literals blanked (line breaks kept). */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("/*", i)) {
                i = blank(source, i, source.indexOf("*/", i + 2), 2, out);
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = blank(source, i, end < 0 ? source.length() : end, 0, out);
            } else if (source.startsWith("\"\"\"", i)) {
                i = blank(source, i, source.indexOf("\"\"\"", i + 3), 3, out);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                i = blank(source, i, literalEnd(source, i), 1, out);
            } else {
                out.append(source.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Index of the quote closing the literal that opens at {@code start}. */
    private static int literalEnd(String source, int start) {
        char quote = source.charAt(start);
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    /** Blanks {@code [from, end + closerLength)}, keeping line breaks; returns where to go on. */
    private static int blank(String source, int from, int end, int closerLength, StringBuilder out) {
        int to = end < 0 ? source.length() : Math.min(source.length(), end + closerLength);
        for (int j = from; j < to; j++) {
            out.append(source.charAt(j) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
