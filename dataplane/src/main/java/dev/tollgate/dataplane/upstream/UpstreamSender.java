package dev.tollgate.dataplane.upstream;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
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
}
