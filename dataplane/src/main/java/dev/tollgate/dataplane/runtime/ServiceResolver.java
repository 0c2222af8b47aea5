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

    /**
     * In-cluster: {@code name.namespace.svc.cluster.local:port}. The name is interned: the routes of
     * one Service (thousands, at scale) share one copy of it.
     */
    static ServiceResolver clusterDns() {
        return s -> new HostPort((s.name() + "." + s.namespace() + ".svc.cluster.local").intern(), s.port());
    }

    /**
     * Adds the value of a {@code --service NAME[.NAMESPACE]=HOST:PORT} flag to {@code into}.
     *
     * @throws IllegalArgumentException when the value is not of that form
     */
    static void parseFlag(String value, Map<ApiRef, HostPort> into) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--service takes NAME[.NAMESPACE]=HOST:PORT");
        }
        into.put(ApiRef.parse(value.substring(0, eq)), HostPort.parse(value.substring(eq + 1)));
    }

    /** Local mode's resolver of parsed {@code --service} flags (see {@link #local}). */
    static ServiceResolver fromFlags(Map<ApiRef, HostPort> flags) {
        Map<String, HostPort> byName = new TreeMap<>();
        flags.forEach((ref, hp) -> byName.put(ref.name() + "." + ref.namespace(), hp));
        return local(byName);
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
