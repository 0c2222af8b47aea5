package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Backend calls answered by a script instead of a socket, for steps' unit tests: each request is
 * recorded and answered from another thread, so the step resumes after a real hop as it does when
 * a backend answers.
 */
public final class ScriptedUpstream implements UpstreamSender {
    /** What a step sent. */
    public record Sent(UpstreamAddress address, String method, String uri, HttpHeaders headers, String body) {}

    /** The answer to a request: a response (handed over) or the failure to report. */
    @FunctionalInterface
    public interface Script {
        FullHttpResponse answer(Sent sent) throws UpstreamException;
    }

    private final Script script;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public ScriptedUpstream(Script script) {
        this.script = script;
    }

    /** Every call fails with {@code kind}. */
    public static ScriptedUpstream failing(UpstreamException.Kind kind) {
        return new ScriptedUpstream(s -> {
            throw new UpstreamException(kind, "scripted " + kind);
        });
    }

    /** A response with a JSON body. */
    public static FullHttpResponse json(int status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

    @Override
    public Future<FullHttpResponse> send(
            EventLoop loop, UpstreamAddress address, FullHttpRequest request, long timeoutMillis) {
        Sent s = new Sent(
                address,
                request.method().name(),
                request.uri(),
                request.headers().copy(),
                request.content().toString(StandardCharsets.UTF_8));
        request.release();
        sent.add(s);
        Promise<FullHttpResponse> promise = loop.newPromise();
        CompletableFuture.runAsync(() -> {
            try {
                promise.setSuccess(script.answer(s));
            } catch (UpstreamException e) {
                promise.setFailure(e);
            }
        });
        return promise;
    }

    /** The requests sent so far. */
    public List<Sent> sent() {
        return sent;
    }
}
