package dev.tollgate.crds.v1alpha1;

/** The API flavour, as AWS names it. */
public enum ProtocolType {
    REST,
    HTTP,
    WEBSOCKET
}
