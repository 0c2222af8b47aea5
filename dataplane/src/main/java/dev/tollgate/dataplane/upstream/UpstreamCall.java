package dev.tollgate.dataplane.upstream;

import io.netty.handler.codec.http.HttpContent;

/**
 * One backend call whose request body and response stream ({@link UpstreamSender#open}): the
 * caller writes the body as it gets it, while the connection can take it, and receives the
 * response through its {@link UpstreamHandler}. Every method is called on the call's event loop.
 */
public interface UpstreamCall {
    /**
     * Connects (or takes a pooled connection) and writes the head, which leaves with the body's
     * first flushed bytes; nothing happens before.
     */
    void start();

    /**
     * Whether the connection takes more body now; when false the caller waits for {@link
     * UpstreamHandler#onWritabilityChanged} before writing more.
     */
    boolean isWritable();

    /**
     * Writes a chunk of the request body (taking it over); a {@code LastHttpContent} ends the
     * request. A chunk written after the call ended is released.
     */
    void write(HttpContent content);

    /** Sends what was written. */
    void flush();

    /** Stops reading the response (the client cannot take more now). */
    void pauseResponse();

    /** Reads the response again after {@link #pauseResponse()}. */
    void resumeResponse();

    /**
     * Gives the call up: no callback follows, and its connection is closed (it can never serve
     * another request) or it leaves the waiting queue.
     */
    void abort();
}
