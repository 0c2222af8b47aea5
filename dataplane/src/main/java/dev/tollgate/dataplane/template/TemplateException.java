package dev.tollgate.dataplane.template;

/**
 * A template failed to render: it called something that threw, or went past a bound (time,
 * output, iterations, nesting). The gateway answers AWS's 500 for it.
 */
public final class TemplateException extends RuntimeException {
    private final boolean limit;

    TemplateException(String message, Throwable cause, boolean limit) {
        super(message, cause);
        this.limit = limit;
    }

    /** Whether a render bound (not an error in the template's logic) stopped it. */
    public boolean limit() {
        return limit;
    }
}
