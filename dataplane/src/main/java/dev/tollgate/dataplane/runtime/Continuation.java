package dev.tollgate.dataplane.runtime;

/**
 * What a step does with an asynchronous result once it is back on its exchange's event loop (see
 * {@link Exchange#resume}). It may throw: the exchange then answers 500.
 *
 * @param <T> the result's type
 */
@FunctionalInterface
public interface Continuation<T> {
    /** Called with the result and a null failure, or with a null result and the failure. */
    void resume(T value, Throwable failure) throws Exception;

    /** A piece of request work that may throw. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }
}
