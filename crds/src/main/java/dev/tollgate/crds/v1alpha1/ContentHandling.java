package dev.tollgate.crds.v1alpha1;

/** Conversion of a payload between text and binary. */
public enum ContentHandling {
    CONVERT_TO_TEXT,
    CONVERT_TO_BINARY
}
