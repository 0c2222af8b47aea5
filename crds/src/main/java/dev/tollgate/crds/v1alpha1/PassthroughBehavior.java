package dev.tollgate.crds.v1alpha1;

/** What happens to a request body whose content type has no mapping template. */
public enum PassthroughBehavior {
    WHEN_NO_MATCH,
    WHEN_NO_TEMPLATES,
    NEVER
}
