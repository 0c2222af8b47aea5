package dev.tollgate.dataplane.runtime;

import java.util.Objects;

/**
 * An API named by {@code NAME[.NAMESPACE]} on the command line.
 *
 * @param name the RestApi's name
 * @param namespace its namespace
 */
public record ApiRef(String name, String namespace) {
    public ApiRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** Parses {@code NAME[.NAMESPACE]}; the namespace defaults to {@code default}. */
    public static ApiRef parse(String text) {
        int dot = text.indexOf('.');
        if (text.isEmpty() || dot == 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("expected NAME[.NAMESPACE], got " + text);
        }
        return dot < 0 ? new ApiRef(text, "default") : new ApiRef(text.substring(0, dot), text.substring(dot + 1));
    }
}
