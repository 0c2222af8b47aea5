package dev.tollgate.dataplane.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What a streaming backend call reports to its caller, on the call's event loop. After {@link
 * #onFailure}, or the response's last content, nothing more is reported.
 */
public interface UpstreamHandler {
    /** The connection can take request body (it is up and its buffer drained), or cannot any more. */
    void onWritabilityChanged(boolean writable);

    /** The response's head (interim 1xx responses are skipped). */
    void onResponse(HttpResponse head);

    /** A chunk of the response body, handed over; a {@code LastHttpContent} is the last. */
    void onResponseContent(HttpContent content);

    /** The connection has nothing more to read for now: what was passed on may be flushed. */
    void onResponseReadComplete();

    /** The call failed: before the head, or in the middle of the response body. */
    void onFailure(UpstreamException failure);
}
