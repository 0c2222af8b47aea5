package dev.tollgate.ir;

/**
 * A backend named by URL (stage variables already substituted).
 *
 * @param scheme http or https
 * @param host DNS name or IP literal (IPv6 without brackets)
 * @param port TCP port (the scheme's default filled in)
 */
public record UrlUpstreamConfig(String scheme, String host, int port) implements UpstreamConfig {
    public UrlUpstreamConfig {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        Ir.require(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
