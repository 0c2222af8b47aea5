package dev.tollgate.compiler;

import dev.tollgate.ir.ContextVariable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.Template;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.Token;

/**
 * Checks VTL mapping templates with Apache Velocity's own parser, so a template the data plane
 * would fail to parse is a finding naming its line and column, never a surprise at request time.
 * Also: AWS's 300 KB cap on a template, and {@code $context.NAME}s the gateway does not provide
 * (AWS renders them empty: a warning).
 */
final class TemplateCompiler {
    /** AWS's largest mapping template. */
    static final int MAX_TEMPLATE_BYTES = 300 * 1024;

    private static final Pattern CONTEXT_REF = Pattern.compile("\\$!?\\{?context\\.([A-Za-z0-9_.]+)");

    /** Velocity's parser, set up with the first template checked: a config without one never loads it. */
    private static final class Parser {
        static final RuntimeInstance INSTANCE = parser();
    }

    private final Findings findings;

    TemplateCompiler(Findings findings) {
        this.findings = findings;
    }

    /**
     * Checks every template of a map; errors for what cannot be served, warnings for what renders
     * empty.
     *
     * @param field the map's field path; each template is reported as {@code field[contentType]}
     */
    void check(ResourceRef ref, String field, Map<String, String> templates) {
        for (Map.Entry<String, String> e : templates.entrySet()) {
            check(ref, field + "[" + e.getKey() + "]", e.getValue());
        }
    }

    /** Checks one template; true when it can be served. */
    boolean check(ResourceRef ref, String field, String template) {
        String text = template == null ? "" : template;
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BYTES) {
            findings.error(ref, field, Reason.INVALID_VALUE, "a mapping template is at most 300 KB, as in AWS");
            return false;
        }
        Optional<SyntaxError> error = syntaxError(text);
        if (error.isPresent()) {
            SyntaxError e = error.get();
            findings.error(
                    ref,
                    field,
                    Reason.INVALID_VALUE,
                    "VTL syntax error at line " + e.line() + ", column " + e.column() + ": " + e.message());
            return false;
        }
        for (String name : unknownContext(text)) {
            findings.warning(
                    ref,
                    field,
                    Reason.NO_EFFECT,
                    "$context." + name + " is not a context variable the gateway provides; it renders empty");
        }
        return true;
    }

    /** Where a template fails to parse, if it does. */
    static Optional<SyntaxError> syntaxError(String template) {
        try {
            Template t = new Template();
            t.setName("template");
            t.setRuntimeServices(Parser.INSTANCE);
            Parser.INSTANCE.parse(new StringReader(template), t);
            return Optional.empty();
        } catch (ParseException e) {
            Token at = e.currentToken == null ? null : e.currentToken.next;
            if (at == null) {
                return Optional.of(new SyntaxError(1, 1, firstLine(e.getMessage())));
            }
            String token = at.kind == 0 || at.image == null || at.image.isEmpty() || at.image.charAt(0) < ' '
                    ? "end of template"
                    : "\"" + at.image + "\"";
            return Optional.of(new SyntaxError(at.beginLine, at.beginColumn, "unexpected " + token));
        } catch (RuntimeException e) {
            // Velocity reports some malformed directives (a bad #macro, #define) as runtime exceptions.
            return Optional.of(new SyntaxError(1, 1, firstLine(e.getMessage())));
        }
    }

    /** The {@code $context.NAME}s a template uses that no request has, in order of appearance. */
    static List<String> unknownContext(String template) {
        List<String> unknown = new ArrayList<>();
        Matcher m = CONTEXT_REF.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!ContextVariable.knownToTemplates(name) && !isParentOfKnown(name) && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    // $context.identity or $context.error (a map, as in #foreach over its keys) is not unknown.
    private static boolean isParentOfKnown(String name) {
        for (ContextVariable v : ContextVariable.values()) {
            if (v.awsName().startsWith(name + ".")) {
                return true;
            }
        }
        for (String prefix : ContextVariable.TEMPLATE_PREFIXES) {
            if (prefix.startsWith(name + ".") || prefix.equals(name + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed template";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** A parse failure: 1-based line and column, and what was found there. */
    record SyntaxError(int line, int column, String message) {}

    // Velocity's parser with the dialect the data plane renders: no resource loading (a string
    // repository that holds nothing), AWS's Velocity 1.7 whitespace handling and identifiers (hyphens allowed).
    private static RuntimeInstance parser() {
        RuntimeInstance ri = new RuntimeInstance();
        ri.setProperty("resource.loaders", "string");
        ri.setProperty(
                "resource.loader.string.class", "org.apache.velocity.runtime.resource.loader.StringResourceLoader");
        ri.setProperty("parser.space_gobbling", "bc");
        ri.setProperty("parser.allow_hyphen_in_identifiers", true);
        // Velocity makes 20 parsers up front, 40 KB of buffers each, held for good: templates are
        // parsed one at a time here (a parse that finds the pool empty makes a parser of its own).
        ri.setProperty("parser.pool.size", 2);
        ri.init();
        return ri;
    }
}
