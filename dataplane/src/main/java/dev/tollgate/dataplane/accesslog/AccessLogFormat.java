package dev.tollgate.dataplane.accesslog;

import dev.tollgate.ir.ContextVariable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An access log format parsed once: literal text and {@code $context.X} variables, each matched
 * to the longest {@link ContextVariable#awsName()} at that position ({@code
 * $context.integrationLatency} is not {@code $context.integration} followed by text). A {@code
 * $context.NAME} that names no variable the gateway provides renders as {@code -} (the compiler
 * warns about it). A format that is a JSON object (it starts with <code>{</code>) gets its values
 * JSON-escaped and one that is XML (it starts with {@code <}) XML-escaped, so a value (a user
 * agent, say) can never break the line's structure.
 */
public final class AccessLogFormat {
    /** AWS's {@code $context.requestTime} format (CLF). */
    public static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final String PREFIX = "$context.";
    /** A {@code $context.NAME} the gateway does not provide. */
    private static final Object UNKNOWN = new Object();

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
        return new AccessLogFormat(format, parts.toArray(), escaping);
    }

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
        StringBuilder sb = new StringBuilder(128);
        for (Object part : parts) {
            if (part instanceof ContextVariable v) {
                String value = values.value(v);
                if (value == null || value.isEmpty()) {
                    sb.append('-');
                } else {
                    escape(sb, value);
                }
            } else if (part == UNKNOWN) {
                sb.append('-');
            } else {
                sb.append((String) part);
            }
        }
        return sb.toString();
    }

    private void escape(StringBuilder sb, String value) {
        switch (escaping) {
            case NONE -> sb.append(value);
            case JSON -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\t' -> sb.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                sb.append(String.format("\\u%04x", (int) c));
                            } else {
                                sb.append(c);
                            }
                        }
                    }
                }
            }
            case XML -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '<' -> sb.append("&lt;");
                        case '>' -> sb.append("&gt;");
                        case '&' -> sb.append("&amp;");
                        case '"' -> sb.append("&quot;");
                        case '\'' -> sb.append("&apos;");
                        default -> sb.append(c < 0x20 ? ' ' : c);
                    }
                }
            }
        }
    }

    /** The request time as AWS prints {@code $context.requestTime}. */
    public static String requestTime(long epochMillis) {
        return REQUEST_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The format text this was parsed from. */
    public String source() {
        return source;
    }
}
