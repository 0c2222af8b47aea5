package dev.tollgate.dataplane.runtime;

import dev.tollgate.ir.ServiceUpstreamConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a Kubernetes Service is: cluster DNS in a pod, or the {@code --service} flags in local
 * mode.
 */
@FunctionalInterface
public interface ServiceResolver {

    /** The address to connect to for the Service. */
    HostPort resolve(ServiceUpstreamConfig service);

    /** In-cluster: {@code name.namespace.svc.cluster.local:port}. */
    static ServiceResolver clusterDns() {
        return s -> new HostPort(s.name() + "." + s.namespace() + ".svc.cluster.local", s.port());
    }

    /**
     * Local mode: {@code name.namespace} → address from the flags (the Service port is ignored: the
     * flag names the one place the Service listens), anything else by cluster DNS.
     */
    static ServiceResolver local(Map<String, HostPort> byNameDotNamespace) {
        Map<String, HostPort> copy = new TreeMap<>(byNameDotNamespace);
        ServiceResolver dns = clusterDns();
        return s -> {
            HostPort found = copy.get(s.name() + "." + s.namespace());
            return found != null ? found : dns.resolve(s);
        };
    }
}
