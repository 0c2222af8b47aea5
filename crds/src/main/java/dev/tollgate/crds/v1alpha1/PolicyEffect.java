package dev.tollgate.crds.v1alpha1;

/** Effect of a resource policy statement. */
public enum PolicyEffect {
    Allow,
    Deny
}
