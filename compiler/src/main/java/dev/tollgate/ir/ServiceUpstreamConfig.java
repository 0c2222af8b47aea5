package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A backend that is a Kubernetes Service; the data plane resolves it (cluster DNS in a pod, a
 * {@code --service} flag in local mode).
 *
 * @param scheme http or https
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param port the Service port (a named port already resolved to its number)
 * @param portName the Service port's name, as the Service's EndpointSlices name their ports; null
 *     for an unnamed port or a Service whose ports are not known
 */
public record ServiceUpstreamConfig(
        String scheme,
        String namespace,
        String name,
        int port,
        @JsonInclude(JsonInclude.Include.NON_NULL) String portName)
        implements UpstreamConfig {
    /** A Service port without a name. */
    public ServiceUpstreamConfig(String scheme, String namespace, String name, int port) {
        this(scheme, namespace, name, port, null);
    }

    public ServiceUpstreamConfig {
        portName = portName == null || portName.isEmpty() ? null : portName;
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
