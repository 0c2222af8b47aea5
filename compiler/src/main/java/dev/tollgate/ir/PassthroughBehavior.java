package dev.tollgate.ir;

/** AWS's passthroughBehavior: what happens to a request body whose content type has no template. */
public enum PassthroughBehavior {
    /** Pass it through when no template matches its content type (AWS's default). */
    WHEN_NO_MATCH,
    /** Pass it through only when no template is defined at all; otherwise 415. */
    WHEN_NO_TEMPLATES,
    /** Never pass it through: 415 Unsupported Media Type. */
    NEVER
}
