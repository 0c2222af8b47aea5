package dev.tollgate.crds.v1alpha1;

/** Log level of the data plane. */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
}
