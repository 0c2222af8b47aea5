package dev.tollgate.compiler;

/** How bad a finding is: an ERROR leaves the resource (or method) out, a WARNING does not. */
public enum Severity {
    ERROR,
    WARNING
}
