package dev.tollgate.compiler;

import java.util.Objects;

/**
 * One problem the compiler or loader found.
 *
 * @param severity ERROR leaves the resource (or method) out; WARNING does not
 * @param resource the resource at fault
 * @param field path of the field at fault, e.g. {@code
 *     spec.resources[2].methods[0].integration.path}; empty for the whole resource
 * @param reason the kind of problem
 * @param message what is wrong, for people
 */
public record Finding(Severity severity, ResourceRef resource, String field, Reason reason, String message) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(resource, "resource");
        field = field == null ? "" : field;
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Whether this is an ERROR. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The finding for people, as local mode logs it: severity, reason (in the CamelCase spelling
     * status conditions use, {@link Reason#camelCase()}), resource, field and message, e.g. {@code
     * ERROR MissingReference default/RestApi/petstore
     * spec.resources[2].methods[0].integration.integrationRef: no Integration named pets}.
     */
    @Override
    public String toString() {
        return severity + " " + reason.camelCase() + " " + resource + (field.isEmpty() ? "" : " " + field) + ": "
                + message;
    }
}
