package dev.tollgate.crds.v1alpha1;

/** What shared limits do while Redis is unreachable. */
public enum FailureMode {
    FAIL_OPEN,
    FAIL_CLOSED
}
