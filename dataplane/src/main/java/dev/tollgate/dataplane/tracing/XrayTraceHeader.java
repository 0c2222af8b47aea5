package dev.tollgate.dataplane.tracing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * AWS's {@code X-Amzn-Trace-Id}: {@code Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx;Parent=...;Sampled=1}
 * (fields in any order, others ignored). The gateway passes the header on as it came; its root is
 * {@code $context.xrayTraceId}, and with tracing on a request without a W3C {@code traceparent}
 * joins the X-Ray trace it names.
 *
 * @param root the trace id, {@code 1-} eight hex digits {@code -} 24 hex digits
 * @param parent the caller's segment id (16 hex digits), or null
 * @param sampled the caller's sampling decision, or null when it made none
 */
public record XrayTraceHeader(String root, String parent, Boolean sampled) {
    /** The header's name. */
    public static final String HEADER = "X-Amzn-Trace-Id";

    private static final Pattern ROOT = Pattern.compile("1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}");
    private static final Pattern SEGMENT = Pattern.compile("[0-9a-fA-F]{16}");

    /** The header read, or null when it has no valid {@code Root}. */
    public static XrayTraceHeader parse(String header) {
        if (header == null || header.length() > 256) {
            return null;
        }
        String root = null;
        String parent = null;
        Boolean sampled = null;
        for (String field : header.split(";")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq).strip();
            String value = field.substring(eq + 1).strip();
            switch (key) {
                case "Root" -> root = validRoot(value) ? value.toLowerCase(Locale.ROOT) : null;
                case "Parent" -> parent = SEGMENT.matcher(value).matches() ? value.toLowerCase(Locale.ROOT) : null;
                case "Sampled" -> sampled = value.equals("1") ? Boolean.TRUE : value.equals("0") ? Boolean.FALSE : null;
                default -> {}
            }
        }
        return root == null ? null : new XrayTraceHeader(root, parent, sampled);
    }

    /** The root as a W3C trace id (32 hex digits). */
    public String traceId() {
        return root.substring(2, 10) + root.substring(11);
    }

    /**
     * The W3C parent the gateway continues, when the header names the caller's segment; else null
     * (the gateway then starts the trace under this root).
     */
    public TraceParent asParent() {
        if (parent == null || parent.equals("0000000000000000")) {
            return null;
        }
        return new TraceParent(traceId(), parent, Boolean.TRUE.equals(sampled) ? 1 : 0);
    }

    private static boolean validRoot(String value) {
        return ROOT.matcher(value).matches()
                && value.substring(2).replace("-", "").chars().anyMatch(c -> c != '0');
    }
}
