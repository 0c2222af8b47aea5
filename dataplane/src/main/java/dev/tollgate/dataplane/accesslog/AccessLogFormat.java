package dev.tollgate.dataplane.accesslog;

import dev.tollgate.ir.ContextVariable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An access log format parsed once: literal text and {@code $context.X} variables, each matched
 * to the longest {@link ContextVariable#awsName()} at that position ({@code
 * $context.integrationLatency} is not {@code $context.integration} followed by text). A {@code
 * $context.NAME} that names no variable the gateway provides renders as {@code -} (the compiler
 * warns about it). A format that is a JSON object (it starts with <code>{</code>) gets its values
 * JSON-escaped (a variable outside quotes is written as a number or a quoted string, never bare
 * text) and one that is XML (it starts with {@code <}) XML-escaped, so a value (a user agent, say)
 * can never break the line's structure; in any other format CR and LF are escaped, so a value can
 * never start a line of its own.
 */
public final class AccessLogFormat {
    /** AWS's {@code $context.requestTime} format (CLF). */
    public static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final String PREFIX = "$context.";
    private static final String HEX = "0123456789abcdef";

    /** The last second {@link #requestTime} formatted (shared by every thread: a stale read only formats again). */
    private static volatile FormattedSecond lastRequestTime = new FormattedSecond(Long.MIN_VALUE, "");
    /** A {@code $context.NAME} the gateway does not provide. */
    private static final Object UNKNOWN = new Object();
    /** A JSON number, written bare. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,9})?");

    private static final List<ContextVariable> LONGEST_FIRST = new ArrayList<>(List.of(ContextVariable.values()));

    static {
        LONGEST_FIRST.sort(
                Comparator.comparingInt((ContextVariable v) -> v.awsName().length())
                        .reversed());
    }

    /** How values are escaped for the format's structure. */
    private enum Escaping {
        NONE,
        JSON,
        XML
    }

    private final String source;
    private final Object[] parts;
    private final Escaping escaping;

    private AccessLogFormat(String source, Object[] parts, Escaping escaping) {
        this.source = source;
        this.parts = parts;
        this.escaping = escaping;
    }

    /** Parses a format such as {@code $context.requestId $context.status}. */
    public static AccessLogFormat parse(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            if (format.startsWith(PREFIX, i)) {
                ContextVariable found = null;
                int after = i + PREFIX.length();
                for (ContextVariable v : LONGEST_FIRST) {
                    if (format.startsWith(v.awsName(), after)) {
                        found = v;
                        break;
                    }
                }
                int end = found != null ? after + found.awsName().length() : nameEnd(format, after);
                if (end > after) {
                    if (literal.length() > 0) {
                        parts.add(literal.toString());
                        literal.setLength(0);
                    }
                    parts.add(found != null ? found : UNKNOWN);
                    i = end;
                    continue;
                }
            }
            literal.append(format.charAt(i));
            i++;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        String trimmed = format.strip();
        Escaping escaping =
                trimmed.startsWith("{") ? Escaping.JSON : trimmed.startsWith("<") ? Escaping.XML : Escaping.NONE;
        if (escaping == Escaping.JSON) {
            markBareValues(parts);
        }
        return new AccessLogFormat(format, parts.toArray(), escaping);
    }

    /**
     * A variable written outside a JSON string ({@code "status": $context.status}) whose value
     * could be anything a client sends must not become JSON syntax: such variables are wrapped, so
     * their value is written as a number when it is one and as a quoted, escaped string otherwise.
     */
    private static void markBareValues(List<Object> parts) {
        boolean inString = false;
        for (int i = 0; i < parts.size(); i++) {
            Object part = parts.get(i);
            if (part instanceof String text) {
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    if (c == '\\' && inString) {
                        k++;
                    } else if (c == '"') {
                        inString = !inString;
                    }
                }
            } else if (!inString) {
                parts.set(i, new Bare(part));
            }
        }
    }

    /** A variable (or {@link #UNKNOWN}) outside a JSON string. */
    private record Bare(Object variable) {}

    /** Where a variable name that is none of the gateway's ends: letters, digits, {@code _} and inner dots. */
    private static int nameEnd(String format, int start) {
        int end = start;
        while (end < format.length()) {
            char c = format.charAt(end);
            boolean name = Character.isLetterOrDigit(c) || c == '_';
            boolean innerDot =
                    c == '.' && end + 1 < format.length() && Character.isLetterOrDigit(format.charAt(end + 1));
            if (!name && !innerDot) {
                break;
            }
            end++;
        }
        return end;
    }

    /** One log line for the request's values. */
    public String render(ContextValues values) {
        LineBuffer line = new LineBuffer(128);
        renderTo(values, line);
        return line.toString();
    }

    /** Appends one log line for the request's values (without its newline) to {@code line}. */
    public void renderTo(ContextValues values, LineBuffer line) {
        for (Object part : parts) {
            if (part instanceof Bare bare) {
                String value = bare.variable() instanceof ContextVariable v ? values.value(v) : null;
                if (value != null && NUMBER.matcher(value).matches()) {
                    line.append(value);
                } else {
                    line.append('"');
                    escape(line, value == null || value.isEmpty() ? "-" : value);
                    line.append('"');
                }
            } else if (part instanceof ContextVariable v) {
                String value = values.value(v);
                if (value == null || value.isEmpty()) {
                    line.append('-');
                } else {
                    escape(line, value);
                }
            } else if (part == UNKNOWN) {
                line.append('-');
            } else {
                line.append((String) part);
            }
        }
    }

    private void escape(LineBuffer line, String value) {
        switch (escaping) {
            case NONE -> {
                // One request, one line: a CR or LF (a decoded path, a header) cannot start a forged line.
                if (!hasControl(value)) {
                    line.append(value);
                    return;
                }
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\n') {
                        line.append("\\n");
                    } else if (c == '\r') {
                        line.append("\\r");
                    } else if (c < 0x20 && c != '\t') {
                        line.append("\\x");
                        hex2(line, c);
                    } else {
                        line.append(c);
                    }
                }
            }
            case JSON -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '\u2028' -> line.append("\\u2028");
                        case '\u2029' -> line.append("\\u2029");
                        case '"' -> line.append("\\\"");
                        case '\\' -> line.append("\\\\");
                        case '\n' -> line.append("\\n");
                        case '\r' -> line.append("\\r");
                        case '\t' -> line.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                line.append("\\u00");
                                hex2(line, c);
                            } else {
                                line.append(c);
                            }
                        }
                    }
                }
            }
            case XML -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '<' -> line.append("&lt;");
                        case '>' -> line.append("&gt;");
                        case '&' -> line.append("&amp;");
                        case '"' -> line.append("&quot;");
                        case '\'' -> line.append("&apos;");
                        default -> line.append(c < 0x20 ? ' ' : c);
                    }
                }
            }
        }
    }

    /** Whether {@code value} has a character below U+0020 other than a tab (what CLF-like formats escape). */
    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Two lowercase hex digits of {@code c} (below 0x100), as {@code %02x} prints them. */
    private static void hex2(LineBuffer line, char c) {
        line.append(HEX.charAt((c >> 4) & 0xF)).append(HEX.charAt(c & 0xF));
    }

    /** The request time as AWS prints {@code $context.requestTime}. */
    public static String requestTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        FormattedSecond last = lastRequestTime;
        if (last.second() == second) {
            return last.text();
        }
        String text = REQUEST_TIME.format(Instant.ofEpochMilli(epochMillis));
        // The text changes once a second: every request within it shares one formatting.
        lastRequestTime = new FormattedSecond(second, text);
        return text;
    }

    /** {@link #REQUEST_TIME}'s text for one epoch second. */
    private record FormattedSecond(long second, String text) {}

    /** The format text this was parsed from. */
    public String source() {
        return source;
    }
}
