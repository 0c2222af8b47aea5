package dev.tollgate.crds.v1alpha1;

/** Execution logging level of a method. */
public enum LoggingLevel {
    OFF,
    ERROR,
    INFO
}
