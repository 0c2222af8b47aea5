package dev.tollgate.dataplane.functions;

import dev.tollgate.ir.ServiceUpstreamConfig;

/**
 * Where the ready endpoints of functions' Services come from: a Kubernetes watch of their
 * EndpointSlices in a pod; nothing in local mode, where each function keeps its {@code
 * maxConcurrency} (1 when not set).
 */
@FunctionalInterface
public interface EndpointSource {
    /**
     * Starts reporting the ready endpoints of the Service's port to {@link
     * FunctionGates#endpoints}, now and on every change. Called for each gate that follows the
     * Service; a source follows each Service once.
     */
    void follow(ServiceUpstreamConfig service);
}
