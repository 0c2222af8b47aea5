package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a stage's access log lines go, other than the data plane's standard output.
 *
 * @param kind file or syslog
 * @param path the file written (FILE), else null
 * @param maxSizeMb the size at which the file is rotated, in MB (FILE), else null
 * @param maxFiles how many rotated files are kept besides the current one (FILE), else null
 * @param host the syslog receiver's host (SYSLOG_UDP, SYSLOG_TCP), else null
 * @param port the syslog receiver's port (SYSLOG_UDP, SYSLOG_TCP), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogDestinationConfig(
        Kind kind, String path, Integer maxSizeMb, Integer maxFiles, String host, Integer port) {

    /** The kinds of destination. */
    public enum Kind {
        /** A file on the data plane's file system, rotated by size. */
        FILE,
        /** RFC 5424 syslog messages, one datagram each. */
        SYSLOG_UDP,
        /** RFC 5424 syslog messages over TCP, octet-counted (RFC 6587). */
        SYSLOG_TCP
    }

    public LogDestinationConfig {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.FILE) {
            Ir.require(path, "path");
            if (maxSizeMb == null || maxSizeMb < 1 || maxFiles == null || maxFiles < 0) {
                throw new IllegalArgumentException("a file destination has maxSizeMb >= 1 and maxFiles >= 0");
            }
        } else {
            Ir.require(host, "host");
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port " + port);
            }
        }
    }

    /** A file rotated at {@code maxSizeMb}, keeping {@code maxFiles} old ones. */
    public static LogDestinationConfig file(String path, int maxSizeMb, int maxFiles) {
        return new LogDestinationConfig(Kind.FILE, path, maxSizeMb, maxFiles, null, null);
    }

    /** A syslog receiver over UDP or TCP. */
    public static LogDestinationConfig syslog(boolean tcp, String host, int port) {
        return new LogDestinationConfig(tcp ? Kind.SYSLOG_TCP : Kind.SYSLOG_UDP, null, null, null, host, port);
    }
}
