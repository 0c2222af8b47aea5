package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.GatewayError;
import io.netty.handler.codec.http.HttpContent;

/** Where a streamed request body goes (the integration's backend call). Called on the exchange's loop. */
public interface RequestBodySink {
    /** A chunk of the body, handed over; a {@code LastHttpContent} is the last one. */
    void onBodyContent(HttpContent content);

    /**
     * The body cannot be completed (it passed the payload limit, or the client was too slow): no
     * chunk follows; the connection answers {@code error} itself when the response has not started.
     */
    void onBodyError(GatewayError error);
}
