package dev.tollgate.compiler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds fully qualified class names written inline in Java code ({@code java.util.List<String>},
 * {@code new dev.tollgate.ir.RouteConfig(…)}, {@code @io.fabric8.generator.annotation.Min}) rather
 * than imported. Package and import statements, comments (Javadoc {@code {@link}} included),
 * string, character and text block literals are not code and are ignored.
 *
 * <p>A lexical check with no dependencies, so one test scans every module with it: a name is a run of two or more
 * lower-case segments followed by a capitalised one. {@code this.x.Y} and {@code super.x.Y} are
 * member accesses, not names.
 */
public final class QualifiedNameScanner {
    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w$.])([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)+)\\.([A-Z][\\w$]*)");
    private static final Pattern PACKAGE_OR_IMPORT = Pattern.compile("(?m)^[ \\t]*(?:package|import)\\b[^;]*;");

    private QualifiedNameScanner() {}

    /**
     * One inline name.
     *
     * @param source the file (or name) it was found in
     * @param line its 1-based line
     * @param name the qualified name, e.g. {@code java.util.List}
     */
    public record Hit(String source, int line, String name) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + name;
        }
    }

    /** The inline names in every {@code .java} file under each root, in file order. */
    public static List<Hit> scanTrees(List<Path> roots) {
        List<Hit> hits = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    hits.addAll(scan(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hits;
    }

    /** The inline names in one Java source. */
    public static List<Hit> scan(String source, String java) {
        String code = PACKAGE_OR_IMPORT.matcher(codeOnly(java)).replaceAll(m -> blank(m.group()));
        List<Hit> hits = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            String first = m.group(1).substring(0, m.group(1).indexOf('.'));
            if (first.equals("this") || first.equals("super")) {
                continue;
            }
            hits.add(new Hit(source, line(code, m.start()), m.group(1) + "." + m.group(2)));
        }
        return hits;
    }

    /** The source with comments and literals blanked out; line breaks stay, so lines keep their numbers. */
    static String codeOnly(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(blank(java.substring(i, end)));
                i = end;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(blank(java.substring(i, end)));
                i = end;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = closing(java, i + 3, "\"\"\"");
                out.append(blank(java.substring(i, end)));
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = closing(java, i + 1, String.valueOf(c));
                out.append(blank(java.substring(i, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // The index after the unescaped delimiter that closes a literal (or the end of the text).
    private static int closing(String java, int from, String delimiter) {
        int i = from;
        while (i < java.length()) {
            if (java.charAt(i) == '\\') {
                i += 2;
            } else if (java.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else {
                i++;
            }
        }
        return java.length();
    }

    private static String blank(String text) {
        return text.replaceAll("[^\\n]", " ");
    }

    private static int line(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
