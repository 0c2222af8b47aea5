package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.PercentCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A backend path template such as {@code /v1/{proxy}} or {@code /pets/{id}}, parsed once. Filling
 * it percent-encodes each value as a path segment, so a value can never add segments; a
 * multi-segment value (a greedy parameter's) is encoded segment by segment.
 */
final class PathTemplate {
    private final List<Object> parts;
    /** The path when the template has no placeholder (most do not): filled once, not per request. */
    private final String fixed;

    private PathTemplate(List<Object> parts) {
        this.parts = parts;
        this.fixed = literal(parts);
    }

    /** The parts joined when all are literal text, else null. */
    private static String literal(List<Object> parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (!(p instanceof String text)) {
                return null;
            }
            sb.append(text);
        }
        return sb.toString();
    }

    /** A placeholder: its name without braces and {@code +}. */
    record Placeholder(String name) {}

    /** A value for a placeholder: one segment, or several (a greedy parameter). */
    record Value(List<String> segments) {
        static Value single(String v) {
            return new Value(List.of(v));
        }
    }

    static PathTemplate parse(String template) {
        if (template.indexOf('{') < 0) {
            // No placeholder: the template is its one literal part, not a copy of it.
            return new PathTemplate(template.isEmpty() ? List.of() : List.of(template));
        }
        List<Object> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i + 1) {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                String name = template.substring(i + 1, close);
                if (name.endsWith("+")) {
                    name = name.substring(0, name.length() - 1);
                }
                parts.add(new Placeholder(name));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new PathTemplate(List.copyOf(parts));
    }

    /** Placeholder names in order. */
    List<String> placeholders() {
        List<String> names = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Placeholder ph) {
                names.add(ph.name());
            }
        }
        return names;
    }

    /** The path when the template has no placeholder, else null (see {@link #fill}). */
    String fixed() {
        return fixed;
    }

    /**
     * The encoded path; a placeholder without a value becomes empty. A template without placeholders
     * has its path in {@link #fixed}, which callers read instead (no function to make per request).
     */
    String fill(Function<String, Value> values) {
        StringBuilder sb = new StringBuilder(64);
        for (Object p : parts) {
            if (p instanceof Placeholder ph) {
                Value v = values.apply(ph.name());
                if (v != null) {
                    for (int i = 0; i < v.segments().size(); i++) {
                        if (i > 0) {
                            sb.append('/');
                        }
                        sb.append(PercentCodec.encodeSegment(v.segments().get(i)));
                    }
                }
            } else {
                sb.append((String) p);
            }
        }
        return sb.toString();
    }
}
