package dev.tollgate.controlapi.store;

/** A store could not do what was asked: the resource exists, is missing, or the store is unreachable. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A create found a resource of that kind and name. */
    public static final class Conflict extends StoreException {
        public Conflict(String message) {
            super(message, null);
        }
    }

    /** An update or delete found no such resource. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** The caller's identity may not do this (the API server answered 403). */
    public static final class Forbidden extends StoreException {
        public Forbidden(String message) {
            super(message, null);
        }
    }
}
