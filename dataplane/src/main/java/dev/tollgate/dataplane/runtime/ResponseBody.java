package dev.tollgate.dataplane.runtime;

/**
 * The body of a response being streamed to the client (a backend's, passed through). The
 * connection's handler starts it once the head is written, and pauses and resumes it as the
 * client's connection fills and drains. Called on the exchange's event loop.
 */
public interface ResponseBody {
    /** Starts delivering chunks to {@code sink}. */
    void start(ResponseBodySink sink);

    /** The client cannot take more now: stop reading the source. */
    void pause();

    /** The client can take more again. */
    void resume();

    /** The client went away or the response was cut: stop, and release what the source holds. */
    void abort();
}
