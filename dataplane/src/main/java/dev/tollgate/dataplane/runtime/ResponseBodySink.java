package dev.tollgate.dataplane.runtime;

import io.netty.handler.codec.http.HttpContent;

/** Where a streamed response body goes: the client's connection. Called on the exchange's loop. */
public interface ResponseBodySink {
    /** A chunk, handed over; a {@code LastHttpContent} ends the response. */
    void onContent(HttpContent content);

    /** The source has nothing more for now: what was handed over may be flushed. */
    void onReadComplete();

    /** The body cannot be completed (the backend failed mid-way): the response must be cut short. */
    void onError();
}
