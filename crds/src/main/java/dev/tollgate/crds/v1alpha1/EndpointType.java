package dev.tollgate.crds.v1alpha1;

/** AWS endpoint types; kept for import fidelity. */
public enum EndpointType {
    EDGE,
    REGIONAL,
    PRIVATE
}
