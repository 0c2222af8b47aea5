package dev.tollgate.dataplane.accesslog;

import dev.tollgate.ir.ContextVariable;

/** The values of {@code $context} variables for one request. */
@FunctionalInterface
public interface ContextValues {
    /** The variable's value, or null when absent (rendered as {@code -}). */
    String value(ContextVariable variable);
}
