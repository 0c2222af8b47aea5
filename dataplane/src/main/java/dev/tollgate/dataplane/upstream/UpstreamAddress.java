package dev.tollgate.dataplane.upstream;

import java.util.Objects;

/**
 * Where a backend listens; one connection pool exists per address on each event loop.
 *
 * @param scheme {@code http} or {@code https}
 * @param host DNS name or IP literal (IPv6 without brackets); for https also the TLS server name
 *     and the name the certificate must match
 * @param port TCP port, 1 to 65535
 */
public record UpstreamAddress(String scheme, String host, int port) {
    public UpstreamAddress {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A plain-HTTP address. */
    public static UpstreamAddress http(String host, int port) {
        return new UpstreamAddress("http", host, port);
    }

    /** A TLS address. */
    public static UpstreamAddress https(String host, int port) {
        return new UpstreamAddress("https", host, port);
    }

    /** True for https. */
    public boolean secure() {
        return "https".equals(scheme);
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
