package dev.tollgate.ir;

/**
 * A backend that is a Kubernetes Service; the data plane resolves it (cluster DNS in a pod, a
 * {@code --service} flag in local mode).
 *
 * @param scheme http or https
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param port the Service port (a named port already resolved to its number)
 */
public record ServiceUpstreamConfig(String scheme, String namespace, String name, int port) implements UpstreamConfig {
    public ServiceUpstreamConfig {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        Ir.require(namespace, "namespace");
        Ir.require(name, "name");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
