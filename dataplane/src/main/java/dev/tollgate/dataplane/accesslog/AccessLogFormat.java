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
 * $context.} that names no variable stays literal text.
 */
public final class AccessLogFormat {
    /** AWS's {@code $context.requestTime} format (CLF). */
    public static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final String PREFIX = "$context.";
    private static final List<ContextVariable> LONGEST_FIRST = new ArrayList<>(List.of(ContextVariable.values()));

    static {
        LONGEST_FIRST.sort(
                Comparator.comparingInt((ContextVariable v) -> v.awsName().length())
                        .reversed());
    }

    private final String source;
    private final Object[] parts;

    private AccessLogFormat(String source, Object[] parts) {
        this.source = source;
        this.parts = parts;
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
                if (found != null) {
                    if (literal.length() > 0) {
                        parts.add(literal.toString());
                        literal.setLength(0);
                    }
                    parts.add(found);
                    i = after + found.awsName().length();
                    continue;
                }
            }
            literal.append(format.charAt(i));
            i++;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new AccessLogFormat(format, parts.toArray());
    }

    /** One log line for the request's values. */
    public String render(ContextValues values) {
        StringBuilder sb = new StringBuilder(128);
        for (Object part : parts) {
            if (part instanceof ContextVariable v) {
                String value = values.value(v);
                sb.append(value == null || value.isEmpty() ? "-" : value);
            } else {
                sb.append((String) part);
            }
        }
        return sb.toString();
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
