package dev.tollgate.compiler.openapi;

import dev.tollgate.compiler.Severity;
import java.util.Objects;

/**
 * One problem found while importing or exporting.
 *
 * @param severity ERROR means nothing is written; WARNING is reported and the rest goes on
 * @param location where in the input: a JSON pointer into the document ({@code
 *     /paths/~1pets/get/x-amazon-apigateway-integration/uri}), a line and column for syntax errors,
 *     or a resource name on export
 * @param message what is wrong, for people
 */
public record ImportMessage(Severity severity, String location, String message) {
    public ImportMessage {
        Objects.requireNonNull(severity, "severity");
        location = location == null || location.isEmpty() ? "/" : location;
        Objects.requireNonNull(message, "message");
    }

    /** Whether this is an ERROR. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code ERROR /paths/~1pets/get: message}. */
    @Override
    public String toString() {
        return severity + " " + location + ": " + message;
    }
}
