package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code imports the types it uses: a qualified name written inline ({@code java.util.List},
 * {@code io.netty.util.concurrent.Future}) hides what a file depends on. Imports, package lines,
 * comments (Javadoc too) and string literals may name types in full.
 */
class InlineQualifiedNamesTest {
    /** A qualified type name: a known root, lower-case package segments, then a capitalised name. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])(?:java|javax|jdk|sun|com|org|io|dev|ch|jakarta)\\.(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*");

    @Test
    void mainCodeWritesNoQualifiedNameInline() throws IOException {
        Path main = RepoRoot.path().resolve("dataplane/src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String relative = main.relativize(file).toString().replace('\\', '/');
                for (String hit : inlineNames(Files.readString(file))) {
                    found.add(relative + ": " + hit);
                }
            }
        }
        assertThat(found).as("inline qualified names (import them)").isEmpty();
    }

    @Test
    void theScanSeesCodeButNotImportsCommentsOrStrings() {
        String source =
                """
                package dev.tollgate.example;

                import java.util.List;

                /** Uses {@link java.util.Map} and {@code io.netty.channel.Channel}. */
                final class Example {
                    // java.util.Set in a comment
                    /* javax.net.ssl.SSLSession in a block comment */
                    String s = "java.time.Clock in a string";
                    char c = '.';
                    String t = \"""
                        org.slf4j.Logger in a text block
                        \""";
                    java.util.Locale locale = java.util.Locale.ROOT;
                    Object clock = config.clock.Value;
                }
                """;
        assertThat(inlineNames(source)).containsExactly("java.util.Locale", "java.util.Locale");
    }

    /** The qualified names written in code, outside imports, package lines, comments and literals. */
    static List<String> inlineNames(String source) {
        List<String> hits = new ArrayList<>();
        for (String line : code(source).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("import ") || trimmed.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                hits.add(m.group());
            }
        }
        return hits;
    }

    /** The source with comments and string, text-block and char literals blanked (lines kept). */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = blank(source, i, end < 0 ? n : end + 2, out);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = blank(source, i, end < 0 ? n : end + 3, out);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = blank(source, i, Math.min(j + 1, n), out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Appends the line breaks of {@code [from, to)} only; returns {@code to}. */
    private static int blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            if (source.charAt(k) == '\n') {
                out.append('\n');
            }
        }
        out.append(' ');
        return to;
    }
}
