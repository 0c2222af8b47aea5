package dev.tollgate.dataplane.upstream;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One backend call, whole ({@link UpstreamClient#send}: the request in memory, the response
 * gathered into one) or streaming ({@link UpstreamClient#open}: the body written as the caller gets
 * it, the response passed on chunk by chunk): its request, deadline and outcome. Event-loop
 * confined.
 *
 * <p>The deadline of a whole call covers connect, write and the whole response; a streaming call's
 * covers connect, write and the wait for the response's head (its body then flows at the client's
 * pace, and a backend that stops sending is caught by the connection's idle timeout).
 */
final class Exchange implements UpstreamCall {
    final HttpRequest head;
    /** The whole request of a {@code send}; null when streaming. */
    final FullHttpRequest full;

    final Promise<FullHttpResponse> promise;
    final UpstreamHandler handler;
    final long timeoutMillis;
    final boolean idempotent;
    private final UpstreamClient client;
    private final EventLoop loop;
    private final UpstreamAddress address;

    HostPool pool;
    /** The connection this exchange is being written on, or is opening; null while queued. */
    PooledConnection connection;

    boolean queued;
    boolean retried;
    boolean done;
    private ScheduledFuture<?> deadline;

    // Streaming request: what was written, and what waits for a connection.
    private ArrayDeque<HttpContent> pending;
    /** Body bytes handed to {@link #write}: once there are some, the request cannot be resent. */
    boolean bodyWritten;
    /** The request's last content was written: the connection may be kept after the response. */
    boolean requestComplete;

    // Response.
    private boolean interim;
    private boolean headSeen;
    private long responseBytes;
    private HttpResponse responseHead;
    /**
     * Whether the backend's head, as it arrived, lets the connection serve another request (keep-
     * alive, and no switch of protocols): read before a streaming caller gets the head, since the
     * caller edits it into the client's answer (its {@code Connection} header is the client
     * connection's, the backend's is renamed, and a mapping may overwrite the status).
     */
    private boolean backendKeepAlive;

    private CompositeByteBuf gathered;
    boolean responsePaused;

    /** A whole call. */
    Exchange(UpstreamClient client, FullHttpRequest request, Promise<FullHttpResponse> promise, long timeoutMillis) {
        this.client = client;
        this.loop = null;
        this.address = null;
        this.head = request;
        this.full = request;
        this.promise = promise;
        this.handler = null;
        this.timeoutMillis = timeoutMillis;
        this.idempotent = isIdempotent(request.method());
        ensureContentLength(request);
    }

    /** A streaming call, started by {@link #start()}. */
    Exchange(
            UpstreamClient client,
            EventLoop loop,
            UpstreamAddress address,
            HttpRequest head,
            UpstreamHandler handler,
            long timeoutMillis) {
        this.client = client;
        this.loop = loop;
        this.address = address;
        this.head = head;
        this.full = null;
        this.promise = null;
        this.handler = handler;
        this.timeoutMillis = timeoutMillis;
        this.idempotent = isIdempotent(head.method());
    }

    boolean streaming() {
        return full == null;
    }

    // --- UpstreamCall (streaming) -------------------------------------------------------------

    @Override
    public void start() {
        client.start(loop, address, this);
    }

    @Override
    public boolean isWritable() {
        PooledConnection c = connection;
        return !done && c != null && c.ready && c.channel.isWritable();
    }

    @Override
    public void write(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        if (content.content().isReadable()) {
            bodyWritten = true;
        }
        PooledConnection c = connection;
        if (c == null || !c.ready || c.exchange != this || pending != null) {
            // Not connected yet (or reconnecting): kept until the head is written.
            if (pending == null) {
                pending = new ArrayDeque<>(2);
            }
            pending.add(content);
            return;
        }
        send(c, content);
    }

    private void send(PooledConnection c, HttpContent content) {
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        // Failures surface as the channel's exception and close: the pool then decides.
        c.channel.write(content, c.channel.voidPromise());
    }

    @Override
    public void flush() {
        PooledConnection c = connection;
        if (!done && c != null && c.ready && c.exchange == this) {
            c.channel.flush();
        }
    }

    @Override
    public void pauseResponse() {
        if (!responsePaused) {
            responsePaused = true;
            PooledConnection c = connection;
            if (c != null && c.channel != null) {
                c.channel.config().setAutoRead(false);
            }
        }
    }

    @Override
    public void resumeResponse() {
        if (responsePaused) {
            responsePaused = false;
            PooledConnection c = connection;
            if (c != null && c.channel != null) {
                c.channel.config().setAutoRead(true);
            }
        }
    }

    @Override
    public void abort() {
        abandon(UpstreamException.Kind.CONNECTION_RESET, "abandoned by the caller", false);
    }

    /**
     * The connection is up and this exchange is its request: the head goes out, then what waited
     * for it, and the caller may write the rest.
     */
    void writeHead(PooledConnection c) {
        c.channel.write(head, c.channel.voidPromise());
        if (requestComplete && !bodyWritten) {
            // A resend of a request whose (empty) end was written on the dead connection.
            c.channel.write(LastHttpContent.EMPTY_LAST_CONTENT, c.channel.voidPromise());
        }
        ArrayDeque<HttpContent> waiting = pending;
        pending = null;
        boolean flush = requestComplete;
        if (waiting != null) {
            HttpContent content;
            while ((content = waiting.poll()) != null) {
                send(c, content);
            }
            flush = true;
        }
        if (!requestComplete) {
            handler.onWritabilityChanged(c.channel.isWritable());
        }
        // Otherwise the head leaves with the body's first bytes (the caller flushes what it
        // writes): one write to the backend instead of two for a small body.
        if (flush && !done && connection == c) {
            c.channel.flush();
        }
    }

    /** The connection's writability changed while it serves this exchange. */
    void writabilityChanged(boolean writable) {
        if (!done && streaming() && !requestComplete) {
            handler.onWritabilityChanged(writable);
        }
    }

    // --- shared -------------------------------------------------------------------------------

    void start(HostPool pool) {
        this.pool = pool;
        client.metricsSink().onCallStarted();
        deadline = pool.loop.schedule(this::onDeadline, timeoutMillis, TimeUnit.MILLISECONDS);
        if (promise != null) {
            promise.addListener(f -> {
                if (f.isCancelled()) {
                    abandon(UpstreamException.Kind.TIMEOUT, "cancelled by the caller", false);
                }
            });
        }
        pool.acquire(this);
    }

    /** The response's (final) head arrived. */
    void onHead(HttpResponse response) {
        responseHead = response;
        backendKeepAlive = HttpUtil.isKeepAlive(response)
                && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
        headSeen = true;
        if (streaming()) {
            cancelDeadline();
            handler.onResponse(response);
        }
    }

    /** Whether this head is an interim (1xx but 101) response, skipped with its empty end. */
    boolean skipInterim(HttpResponse response) {
        int status = response.status().code();
        interim = status >= 100 && status < 200 && status != 101;
        return interim;
    }

    boolean inInterim() {
        return interim;
    }

    void endInterim() {
        interim = false;
    }

    boolean headSeen() {
        return headSeen;
    }

    /** Whether the backend's final head, before any caller's edit, keeps the connection open. */
    boolean backendKeepAlive() {
        return backendKeepAlive;
    }

    /** Counts response body bytes; false once they pass the cap. */
    boolean count(int bytes, long max) {
        responseBytes += bytes;
        return responseBytes <= max;
    }

    /** Gathers a chunk of a whole call's response (taking it over). */
    void gather(HttpContent content) {
        if (content.content().isReadable()) {
            if (gathered == null) {
                gathered = content.content().alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            gathered.addComponent(true, content.content().retain());
        }
        content.release();
    }

    /** The whole call's gathered response, with the last content's trailers. */
    FullHttpResponse gatheredResponse(LastHttpContent last) {
        CompositeByteBuf body = gathered;
        gathered = null;
        FullHttpResponse response = new DefaultFullHttpResponse(
                responseHead.protocolVersion(),
                responseHead.status(),
                body != null ? body : Unpooled.EMPTY_BUFFER,
                responseHead.headers(),
                last.trailingHeaders());
        return response;
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

    /** The last response content of a streaming call passed: the call is over. */
    void completeStream(LastHttpContent last) {
        if (done) {
            last.release();
            return;
        }
        finish();
        handler.onResponseContent(last);
    }

    void fail(UpstreamException.Kind kind, String message, Throwable cause) {
        if (done) {
            return;
        }
        finish();
        UpstreamException failure = new UpstreamException(kind, message, cause);
        if (promise != null) {
            promise.tryFailure(failure);
        } else {
            handler.onFailure(failure);
        }
    }

    private void onDeadline() {
        abandon(
                UpstreamException.Kind.TIMEOUT,
                streaming() && headSeen
                        ? "no response from " + pool.address + " within " + timeoutMillis + " ms"
                        : "no complete response from " + pool.address + " within " + timeoutMillis + " ms",
                true);
    }

    /**
     * Gives up: leaves the queue, and closes the connection so it can never serve another request;
     * the caller hears of it unless it asked for it.
     */
    private void abandon(UpstreamException.Kind kind, String message, boolean report) {
        if (done) {
            return;
        }
        if (queued) {
            pool.dequeue(this);
        }
        PooledConnection c = connection;
        connection = null;
        if (report) {
            fail(kind, message, null);
        } else {
            finish();
            if (promise != null) {
                promise.tryFailure(new UpstreamException(kind, message));
            }
        }
        if (c != null) {
            c.abandon(this);
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void finish() {
        done = true;
        if (pool != null) {
            client.metricsSink().onCallEnded();
        }
        connection = null;
        cancelDeadline();
        if (full != null) {
            full.release();
        }
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                content.release();
            }
            pending = null;
        }
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
