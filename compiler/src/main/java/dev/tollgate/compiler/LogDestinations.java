package dev.tollgate.compiler;

import dev.tollgate.ir.LogDestinationConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Stage's {@code accessLog.destination}: {@code stdout} (the default), {@code
 * file:///path[?maxSizeMb=N&maxFiles=N]}, {@code syslog+udp://host[:port]} or {@code
 * syslog+tcp://host[:port]}. An AWS CloudWatch Logs or Firehose ARN (what an imported stage
 * carries) warns and logs to standard output; anything else is an error.
 */
final class LogDestinations {
    /** A file is rotated at this size unless the URL says otherwise. */
    static final int DEFAULT_MAX_SIZE_MB = 100;
    /** Rotated files kept unless the URL says otherwise. */
    static final int DEFAULT_MAX_FILES = 5;

    private static final int MAX_SIZE_MB = 10_240;
    private static final int MAX_FILES = 100;

    private LogDestinations() {}

    /** The destination, or null for standard output (or when it is invalid, reported at {@code field}). */
    static LogDestinationConfig parse(String destination, ResourceRef ref, String field, Findings findings) {
        String d = destination.strip();
        if (d.isEmpty() || d.equals("stdout")) {
            return null;
        }
        if (d.startsWith("arn:")) {
            findings.warning(
                    ref,
                    field,
                    Reason.NO_EFFECT,
                    "CloudWatch Logs and Firehose are AWS services; lines go to the data plane's standard output"
                            + " (use file://, syslog+udp:// or syslog+tcp:// for another destination)");
            return null;
        }
        Urls uri = Urls.parse(d);
        if (uri == null) {
            return invalid(destination, ref, field, findings);
        }
        String scheme = uri.scheme();
        switch (scheme) {
            case "file" -> {
                Map<String, String> query = query(uri.query());
                Integer maxSizeMb = number(query.remove("maxSizeMb"), DEFAULT_MAX_SIZE_MB, 1, MAX_SIZE_MB);
                Integer maxFiles = number(query.remove("maxFiles"), DEFAULT_MAX_FILES, 0, MAX_FILES);
                String path = uri.path();
                if (!path.startsWith("/")
                        || path.endsWith("/")
                        || !uri.host().isEmpty()
                        || uri.port() >= 0
                        || path.contains("/../")
                        || path.contains("%")) {
                    findings.error(
                            ref, field, Reason.INVALID_VALUE, "a file destination is file:///absolute/path/name.log");
                    return null;
                }
                if (maxSizeMb == null || maxFiles == null || !query.isEmpty()) {
                    findings.error(
                            ref,
                            field,
                            Reason.INVALID_VALUE,
                            "a file destination takes maxSizeMb (1.." + MAX_SIZE_MB + ") and maxFiles (0.." + MAX_FILES
                                    + ") only");
                    return null;
                }
                return LogDestinationConfig.file(path, maxSizeMb, maxFiles);
            }
            case "syslog+udp", "syslog+tcp" -> {
                boolean tcp = scheme.equals("syslog+tcp");
                String host = uri.host();
                if (host.isEmpty() || !uri.path().isEmpty() || uri.query() != null) {
                    findings.error(
                            ref, field, Reason.INVALID_VALUE, "a syslog destination is " + scheme + "://host:port");
                    return null;
                }
                int port = uri.port() > 0 ? uri.port() : tcp ? 601 : 514;
                return LogDestinationConfig.syslog(tcp, host, port);
            }
            default -> {
                return invalid(destination, ref, field, findings);
            }
        }
    }

    private static LogDestinationConfig invalid(String destination, ResourceRef ref, String field, Findings findings) {
        findings.error(
                ref,
                field,
                Reason.INVALID_VALUE,
                destination + " is none of stdout, file:///path, syslog+udp://host:port, syslog+tcp://host:port");
        return null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return out;
    }

    private static Integer number(String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            return n >= min && n <= max ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
