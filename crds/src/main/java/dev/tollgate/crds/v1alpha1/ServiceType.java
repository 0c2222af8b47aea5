package dev.tollgate.crds.v1alpha1;

/** Kubernetes Service type of a Gateway's data plane. */
public enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer
}
