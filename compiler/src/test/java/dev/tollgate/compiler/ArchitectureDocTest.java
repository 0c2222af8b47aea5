package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tollgate.compiler.testing.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md describes the code as it is: its package table has one row for every Java package
 * of every module's main code and no row for a package that is gone, and every link in it leads
 * somewhere. Like {@link NoInlineQualifiedNamesTest} it reads files only, so it runs here, in the
 * first module with tests, and sees every module. A failure says which row to add, remove or
 * correct, ready to paste.
 */
class ArchitectureDocTest {
    private static final String DOC = "ARCHITECTURE.md";
    private static final String PACKAGE_TABLE = "## Package map";

    /** A row of the package table: {@code | `dev.tollgate.x` | module | owns | may use |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(dev\\.tollgate[\\w.]*)`\\s*\\|\\s*([^|]*?)\\s*\\|");

    /** {@code [text](target)}, {@code [text][name]}, {@code [text][]} or {@code [text]}. */
    private static final Pattern LINK = Pattern.compile("\\[([^\\[\\]]+)](?:\\(([^)\\s]+)\\)|\\[([^\\[\\]]*)])?");

    private static final Pattern DEFINITION = Pattern.compile("^\\[([^\\]]+)]:\\s*(\\S+)\\s*$");
    private static final Pattern SHORTCUT = Pattern.compile("[A-Za-z][\\w.]*");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.tollgate(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    private static List<String> lines;

    @BeforeAll
    static void readDoc() throws IOException {
        lines = Files.readAllLines(RepoRoot.resolve(DOC), StandardCharsets.UTF_8);
    }

    @Test
    void packageTableHasARowForEveryMainPackageAndNoOther() {
        SortedMap<String, String> code = mainPackages();
        assertThat(code).as("main packages found").containsKeys("dev.tollgate.compiler", "dev.tollgate.ir");
        List<Row> rows = packageRows();
        assertThat(rows).as("rows under \"%s\" in %s", PACKAGE_TABLE, DOC).isNotEmpty();

        List<String> problems = new ArrayList<>();
        Map<String, List<Row>> byPackage = rows.stream().collect(Collectors.groupingBy(Row::pkg));
        for (Map.Entry<String, String> entry : code.entrySet()) {
            String pkg = entry.getKey();
            String module = entry.getValue();
            List<Row> named = byPackage.getOrDefault(pkg, List.of());
            if (named.isEmpty()) {
                problems.add("add, " + placeOf(pkg, module, rows) + ":\n    " + suggestedRow(pkg, module)
                        + "\n    (the last column lists what it imports today: keep what it may use)");
            } else if (!named.get(0).module().equals(module)) {
                problems.add("the row of `" + pkg + "` (line " + named.get(0).line() + ") says module `"
                        + named.get(0).module() + "`, but the package is in " + module + "/src/main/java");
            }
            if (named.size() > 1) {
                problems.add("`" + pkg + "` has " + named.size() + " rows (lines "
                        + named.stream().map(r -> String.valueOf(r.line())).collect(Collectors.joining(", "))
                        + "): keep one");
            }
        }
        for (Row row : rows) {
            if (!code.containsKey(row.pkg())) {
                problems.add("remove the row of `" + row.pkg() + "` (line " + row.line()
                        + "): no module has that package under src/main/java any more");
            }
        }
        if (!problems.isEmpty()) {
            fail(DOC + "'s package table (under \"" + PACKAGE_TABLE + "\") does not match the code:\n- "
                    + String.join("\n- ", problems));
        }
    }

    @Test
    void everyLinkedFileExists() {
        List<String> broken = new ArrayList<>();
        for (Link link : links()) {
            String target = link.target();
            if (target == null || isExternal(target) || target.startsWith("#")) {
                continue;
            }
            String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            if (!Files.exists(RepoRoot.resolve(path))) {
                broken.add("line " + link.line() + ": " + target);
            }
        }
        assertThat(broken)
                .as("%s links to files that do not exist (fix the link or the text)", DOC)
                .isEmpty();
    }

    @Test
    void everyLinkWithinTheDocumentNamesOneOfItsHeadings() {
        Set<String> anchors = new HashSet<>();
        for (String line : prose()) {
            if (line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
            }
        }
        List<String> broken = new ArrayList<>();
        for (Link link : links()) {
            String target = link.target();
            if (target != null && target.startsWith("#") && !anchors.contains(target.substring(1))) {
                broken.add("line " + link.line() + ": " + target);
            }
        }
        assertThat(broken).as("%s links to headings it does not have", DOC).isEmpty();
    }

    @Test
    void everyReferenceLinkHasItsDefinition() {
        List<String> undefined = links().stream()
                .filter(link -> link.target() == null)
                .map(link -> "line " + link.line() + ": [" + link.reference() + "]")
                .toList();
        assertThat(undefined)
                .as("%s uses reference links with no [name]: path line at its end", DOC)
                .isEmpty();
    }

    /** Every package with a Java file under a module's {@code src/main/java}, with its module. */
    private static SortedMap<String, String> mainPackages() {
        SortedMap<String, String> out = new TreeMap<>();
        for (Path tree : RepoRoot.mainSourceTrees()) {
            String module = RepoRoot.path().relativize(tree).getName(0).toString();
            try (Stream<Path> files = Files.walk(tree)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .distinct()
                        .forEach(dir -> out.put(packageName(tree, dir), module));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String packageName(Path tree, Path dir) {
        List<String> parts = new ArrayList<>();
        tree.relativize(dir).forEach(p -> parts.add(p.toString()));
        return String.join(".", parts);
    }

    private record Row(String pkg, String module, int line) {}

    /** The rows of the package table: from its heading to the next heading of the same level. */
    private static List<Row> packageRows() {
        int start = lines.indexOf(PACKAGE_TABLE);
        assertThat(start).as("%s has a section \"%s\"", DOC, PACKAGE_TABLE).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.find()) {
                rows.add(new Row(m.group(1), m.group(2), i + 1));
            }
        }
        return rows;
    }

    /** Where a missing row goes: after the row of its module's package just before it. */
    private static String placeOf(String pkg, String module, List<Row> rows) {
        Row after = null;
        Row firstOfModule = null;
        for (Row row : rows) {
            if (!row.module().equals(module)) {
                continue;
            }
            if (firstOfModule == null) {
                firstOfModule = row;
            }
            if (row.pkg().compareTo(pkg) < 0 && (after == null || row.pkg().compareTo(after.pkg()) > 0)) {
                after = row;
            }
        }
        if (after != null) {
            return "after the row of `" + after.pkg() + "` (line " + after.line() + ")";
        }
        if (firstOfModule != null) {
            return "before the row of `" + firstOfModule.pkg() + "` (line " + firstOfModule.line() + ")";
        }
        Row last = rows.get(rows.size() - 1);
        return "after the last row (line " + last.line() + "), the first of module " + module;
    }

    /** A row to paste: the package-info's first sentence, and the Tollgate packages it imports. */
    private static String suggestedRow(String pkg, String module) {
        Path dir = RepoRoot.resolve(module + "/src/main/java/" + pkg.replace('.', '/'));
        return "| `" + pkg + "` | " + module + " | " + firstSentence(dir.resolve("package-info.java")) + " | "
                + imports(dir, pkg) + " |";
    }

    private static String firstSentence(Path packageInfo) {
        if (!Files.exists(packageInfo)) {
            return "WHAT IT OWNS, IN ONE LINE (and give the package its package-info.java)";
        }
        String text = read(packageInfo);
        int open = text.indexOf("/**");
        int close = text.indexOf("*/", open + 3);
        if (open < 0 || close < 0) {
            return "WHAT IT OWNS, IN ONE LINE (its package-info.java has no Javadoc yet)";
        }
        String doc = text.substring(open + 3, close)
                .lines()
                .map(l -> l.replaceFirst("^\\s*\\*?\\s?", "").trim())
                .collect(Collectors.joining(" "))
                .replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ")
                .trim();
        int end = doc.indexOf(". ");
        return end < 0 ? doc : doc.substring(0, end + 1);
    }

    private static String imports(Path dir, String pkg) {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used.remove(pkg);
        if (used.isEmpty()) {
            return "nothing of Tollgate";
        }
        return used.stream()
                .map(p -> "`" + p.replaceFirst("^dev\\.tollgate\\.", "") + "`")
                .collect(Collectors.joining(", "));
    }

    /**
     * A link of the document: inline ({@code [text](target)}), a reference ({@code [text][name]},
     * {@code [Name]}) resolved through its {@code [name]: target} line, or that line itself.
     *
     * @param line its line number
     * @param target where it leads, or null for a reference with no definition
     * @param reference the reference name, or null for an inline link
     */
    private record Link(int line, String target, String reference) {}

    private static List<Link> links() {
        List<String> text = prose();
        Map<String, String> definitions = new HashMap<>();
        List<Link> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            Matcher d = DEFINITION.matcher(text.get(i));
            if (d.matches()) {
                definitions.put(d.group(1).toLowerCase(Locale.ROOT), d.group(2));
                out.add(new Link(i + 1, d.group(2), d.group(1)));
            }
        }
        for (int i = 0; i < text.size(); i++) {
            if (DEFINITION.matcher(text.get(i)).matches()) {
                continue;
            }
            Matcher m = LINK.matcher(text.get(i));
            while (m.find()) {
                if (m.group(2) != null) {
                    out.add(new Link(i + 1, m.group(2), null));
                    continue;
                }
                String name = m.group(3) == null || m.group(3).isEmpty() ? m.group(1) : m.group(3);
                // A bare [Name] is a shortcut reference only when it looks like one (a class name).
                if (m.group(3) == null && !SHORTCUT.matcher(name).matches()) {
                    continue;
                }
                out.add(new Link(i + 1, definitions.get(name.toLowerCase(Locale.ROOT)), name));
            }
        }
        return out;
    }

    /** The document's lines with code left out: fenced blocks empty, code spans blanked. */
    private static List<String> prose() {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                out.add("");
            } else {
                out.add(
                        fenced
                                ? ""
                                : CODE_SPAN.matcher(line).replaceAll(c -> " "
                                        .repeat(c.group().length())));
            }
        }
        return out;
    }

    private static boolean isExternal(String target) {
        return target.matches("^[a-z][a-z0-9+.-]*:.*");
    }

    /** The anchor a heading gets, as GitHub makes it: lower case, punctuation dropped, spaces as dashes. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
