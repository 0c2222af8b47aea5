package dev.tollgate.dataplane.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/** Where an exchange's one response goes (the connection's handler; a capture in tests). */
@FunctionalInterface
public interface ResponseSink {
    /** Sends the response; takes ownership of it. Called once per exchange, on its event loop. */
    void send(Exchange exchange, FullHttpResponse response);

    /**
     * Sends a response whose body streams from {@code body} (instead of {@link #send}). The
     * connection's handler writes the head and passes the chunks on as the client takes them; this
     * default, for captures, gathers the body and sends the whole response.
     */
    default void stream(Exchange exchange, HttpResponse head, ResponseBody body) {
        CompositeByteBuf content = exchange.alloc().compositeBuffer(Integer.MAX_VALUE);
        body.start(new ResponseBodySink() {
            @Override
            public void onContent(HttpContent chunk) {
                ByteBuf data = chunk.content();
                if (data.isReadable()) {
                    content.addComponent(true, data.retain());
                }
                chunk.release();
                if (chunk instanceof LastHttpContent) {
                    send(
                            exchange,
                            new DefaultFullHttpResponse(
                                    head.protocolVersion(),
                                    head.status(),
                                    content,
                                    head.headers(),
                                    ((LastHttpContent) chunk).trailingHeaders()));
                }
            }

            @Override
            public void onReadComplete() {}

            @Override
            public void onError() {
                content.release();
            }
        });
    }
}
