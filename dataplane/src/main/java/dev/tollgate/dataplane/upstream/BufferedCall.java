package dev.tollgate.dataplane.upstream;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;

/**
 * A streaming call on a sender that only sends whole requests ({@link UpstreamSender#open}'s
 * default): the body is gathered, sent whole, and the whole response replayed as a head and one
 * last chunk.
 */
final class BufferedCall implements UpstreamCall {
    private final UpstreamSender sender;
    private final EventLoop loop;
    private final UpstreamAddress address;
    private final HttpRequest head;
    private final long timeoutMillis;
    private final UpstreamHandler handler;
    private CompositeByteBuf body;
    private Future<FullHttpResponse> sent;
    private boolean done;

    BufferedCall(
            UpstreamSender sender,
            EventLoop loop,
            UpstreamAddress address,
            HttpRequest head,
            long timeoutMillis,
            UpstreamHandler handler) {
        this.sender = sender;
        this.loop = loop;
        this.address = address;
        this.head = head;
        this.timeoutMillis = timeoutMillis;
        this.handler = handler;
    }

    @Override
    public void start() {
        handler.onWritabilityChanged(true);
    }

    @Override
    public boolean isWritable() {
        return !done;
    }

    @Override
    public void write(HttpContent content) {
        if (done || sent != null) {
            content.release();
            return;
        }
        if (body == null) {
            body = content.content().alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        if (content.content().isReadable()) {
            body.addComponent(true, content.content().retain());
        }
        content.release();
        if (content instanceof LastHttpContent last) {
            FullHttpRequest request = new DefaultFullHttpRequest(
                    head.protocolVersion(), head.method(), head.uri(), body, head.headers(), last.trailingHeaders());
            body = null;
            sent = sender.send(loop, address, request, timeoutMillis);
            sent.addListener(f -> answered());
        }
    }

    private void answered() {
        if (done) {
            if (sent.isSuccess()) {
                sent.getNow().release();
            }
            return;
        }
        done = true;
        if (!sent.isSuccess()) {
            Throwable cause = sent.cause();
            handler.onFailure(
                    cause instanceof UpstreamException u
                            ? u
                            : new UpstreamException(
                                    UpstreamException.Kind.CONNECTION_RESET, String.valueOf(cause), cause));
            return;
        }
        FullHttpResponse response = sent.getNow();
        handler.onResponse(new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers()));
        handler.onResponseContent(new DefaultLastHttpContent(response.content(), response.trailingHeaders()));
        handler.onResponseReadComplete();
    }

    @Override
    public void flush() {}

    @Override
    public void pauseResponse() {}

    @Override
    public void resumeResponse() {}

    @Override
    public void abort() {
        done = true;
        if (body != null) {
            body.release();
            body = null;
        }
        if (sent != null) {
            sent.cancel(false);
        }
    }
}
