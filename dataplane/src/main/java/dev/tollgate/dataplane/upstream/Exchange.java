package dev.tollgate.dataplane.upstream;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One {@link UpstreamClient#send} call: its request, deadline and outcome. Event-loop confined. */
final class Exchange {
    final FullHttpRequest request;
    final Promise<FullHttpResponse> promise;
    final long timeoutMillis;
    final boolean idempotent;

    HostPool pool;
    /** The connection this exchange is being written on, or is opening; null while queued. */
    PooledConnection connection;

    boolean queued;
    boolean retried;
    boolean done;
    private ScheduledFuture<?> deadline;

    Exchange(FullHttpRequest request, Promise<FullHttpResponse> promise, long timeoutMillis) {
        this.request = request;
        this.promise = promise;
        this.timeoutMillis = timeoutMillis;
        this.idempotent = isIdempotent(request.method());
        ensureContentLength(request);
    }

    void start(HostPool pool) {
        this.pool = pool;
        deadline = pool.loop.schedule(this::onDeadline, timeoutMillis, TimeUnit.MILLISECONDS);
        promise.addListener(f -> {
            if (f.isCancelled()) {
                abandon(UpstreamException.Kind.TIMEOUT, "cancelled by the caller");
            }
        });
        pool.acquire(this);
    }

    void succeed(FullHttpResponse response) {
        if (done) {
            response.release();
            return;
        }
        finish();
        if (!promise.trySuccess(response)) {
            response.release();
        }
    }

    void fail(UpstreamException.Kind kind, String message, Throwable cause) {
        if (done) {
            return;
        }
        finish();
        promise.tryFailure(new UpstreamException(kind, message, cause));
    }

    private void onDeadline() {
        abandon(
                UpstreamException.Kind.TIMEOUT,
                "no complete response from " + pool.address + " within " + timeoutMillis + " ms");
    }

    /** Gives up: leaves the queue, and closes the connection so it can never serve another request. */
    private void abandon(UpstreamException.Kind kind, String message) {
        if (done) {
            return;
        }
        if (queued) {
            pool.dequeue(this);
        }
        PooledConnection c = connection;
        connection = null;
        fail(kind, message, null);
        if (c != null) {
            c.abandon(this);
        }
    }

    private void finish() {
        done = true;
        connection = null;
        if (deadline != null) {
            deadline.cancel(false);
        }
        request.release();
    }

    /** Methods whose repetition has no further effect (RFC 9110 9.2.2): safe to resend once. */
    static boolean isIdempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method)
                || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method)
                || HttpMethod.DELETE.equals(method)
                || HttpMethod.TRACE.equals(method);
    }

    /**
     * A body needs framing: without Content-Length or chunking the backend would read none of it.
     * Methods that normally carry a body get {@code Content-Length: 0} too, as some servers refuse
     * such a request without it (411).
     */
    private static void ensureContentLength(FullHttpRequest request) {
        if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(request)) {
            return;
        }
        int length = request.content().readableBytes();
        HttpMethod m = request.method();
        if (length > 0 || HttpMethod.POST.equals(m) || HttpMethod.PUT.equals(m) || HttpMethod.PATCH.equals(m)) {
            HttpUtil.setContentLength(request, length);
        }
    }
}
