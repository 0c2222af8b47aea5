package dev.tollgate.compiler;

import java.util.Locale;

/** Why a finding was raised; status conditions use it as their reason. */
public enum Reason {
    /** A value breaks a rule of its field. */
    INVALID_VALUE,
    /** A reference names a resource (or part of one) that does not exist or has errors. */
    MISSING_REFERENCE,
    /** Two things share a name that must be unique. */
    DUPLICATE,
    /** The resource conflicts with another, e.g. a second Gateway in a namespace. */
    CONFLICT,
    /** A field the gateway does not serve yet. */
    NOT_SUPPORTED_YET,
    /** A document could not be read into a resource. */
    PARSE_ERROR,
    /** A document of a kind Tollgate does not read. */
    UNKNOWN_KIND,
    /** A valid resource that serves nothing, e.g. an API with no Stage. */
    NOT_SERVED,
    /** A field that has no effect where it is written. */
    NO_EFFECT,
    /** A reference into another namespace that no ReferenceGrant there admits. */
    REF_NOT_PERMITTED;

    private final String camelCase = camel(name());

    /**
     * The reason as status conditions, events and local mode's log lines spell it: CamelCase, as
     * Kubernetes conventions want ({@code INVALID_VALUE} → {@code InvalidValue}). One vocabulary for
     * every caller of the compiler.
     */
    public String camelCase() {
        return camelCase;
    }

    private static String camel(String constant) {
        StringBuilder out = new StringBuilder(constant.length());
        for (String word : constant.split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
