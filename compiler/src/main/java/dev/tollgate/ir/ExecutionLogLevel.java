package dev.tollgate.ir;

/** AWS's execution logging level of a method ({@code loggingLevel} of a Stage's method settings). */
public enum ExecutionLogLevel {
    /** Only requests that end in an error are logged. */
    ERROR,
    /** Every request is logged. */
    INFO
}
