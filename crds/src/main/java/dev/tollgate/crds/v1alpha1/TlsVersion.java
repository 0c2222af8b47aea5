package dev.tollgate.crds.v1alpha1;

/** Minimum TLS version of a custom domain. */
public enum TlsVersion {
    TLS_1_0,
    TLS_1_2,
    TLS_1_3
}
