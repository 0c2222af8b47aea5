package dev.tollgate.compiler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs the compiler reads from resources (a trace collector, a log destination), split without
 * {@code java.net} (the compiler does no network work, and its fence forbids the package): {@code
 * scheme://host[:port][/path][?query]}, no user info, no fragment.
 *
 * @param scheme the scheme, lower case
 * @param host the host name, IPv4 address or bracketed IPv6 address; empty for {@code file:///path}
 * @param port the port, or -1 when absent
 * @param path the path, empty when absent
 * @param query the raw query, or null when absent
 */
record Urls(String scheme, String host, int port, String path, String query) {
    private static final Pattern URL = Pattern.compile(
            "^([a-z][a-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]*)(?::([0-9]{1,5}))?(/[^?#]*)?(?:\\?([^#]*))?$");

    /** The URL split, or null when it is not one of the accepted shape. */
    static Urls parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return null;
        }
        int port = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        if (port == 0 || port > 65535) {
            return null;
        }
        return new Urls(m.group(1), m.group(2), port, m.group(4) == null ? "" : m.group(4), m.group(5));
    }

    /** {@code host[:port]} as written. */
    String authority() {
        return port < 0 ? host : host + ":" + port;
    }
}
