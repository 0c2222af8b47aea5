package dev.tollgate.dataplane.runtime;

import io.netty.handler.codec.http.FullHttpResponse;

/** Where an exchange's one response goes (the connection's handler; a capture in tests). */
@FunctionalInterface
public interface ResponseSink {
    /** Sends the response; takes ownership of it. Called once per exchange, on its event loop. */
    void send(Exchange exchange, FullHttpResponse response);
}
