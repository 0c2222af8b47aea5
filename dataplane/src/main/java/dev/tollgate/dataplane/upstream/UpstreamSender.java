package dev.tollgate.dataplane.upstream;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.Future;

/**
 * What steps send backend requests with: the {@link UpstreamClient} in the gateway, a scripted
 * answer in a step's unit test.
 */
@FunctionalInterface
public interface UpstreamSender {
    /**
     * Sends {@code request} (taking ownership of it) to {@code address} on {@code loop}; the future
     * completes on that loop with the full response (the caller releases it) or fails with an
     * {@link UpstreamException}. Never blocks.
     */
    Future<FullHttpResponse> send(EventLoop loop, UpstreamAddress address, FullHttpRequest request, long timeoutMillis);

    /**
     * A call whose request body and response stream (see {@link UpstreamCall}); nothing is sent
     * before {@link UpstreamCall#start()}. {@code timeoutMillis} covers connecting, writing and the
     * wait for the response's head. This default gathers the body and sends it with {@link #send},
     * then replays the whole response: right for a scripted sender, not for a real one.
     */
    default UpstreamCall open(
            EventLoop loop, UpstreamAddress address, HttpRequest head, long timeoutMillis, UpstreamHandler handler) {
        return new BufferedCall(this, loop, address, head, timeoutMillis, handler);
    }
}
