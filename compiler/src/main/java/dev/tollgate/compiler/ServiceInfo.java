package dev.tollgate.compiler;

import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes Service a backend may refer to.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param ports its ports; ignored when {@code portsKnown} is false
 * @param portsKnown false for a Service declared without port detail (local mode's {@code
 *     --service} flag): any port number is accepted
 */
public record ServiceInfo(String namespace, String name, List<ServicePortInfo> ports, boolean portsKnown) {
    public ServiceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
