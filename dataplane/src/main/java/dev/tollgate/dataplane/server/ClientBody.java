package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.RequestBody;
import dev.tollgate.dataplane.runtime.RequestBodySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The body of the request a connection serves, read only as its exchange asks ({@link RequestBody}):
 * nothing is read until a step aggregates it or the integration streams it; then the connection
 * reads while the destination has room. Every byte counts towards AWS's 10 MB payload limit (413
 * past it); an aggregated body is reserved in the process's {@link BodyBudget} first (up front when
 * its length is declared), waiting up to {@link ExchangeHandler#BUDGET_WAIT_MILLIS} for room, then
 * 503. {@code Expect: 100-continue} is answered when the body is first wanted. Chunks read but not
 * passed on yet are counted in the budget's account too. Confined to the connection's event loop.
 */
final class ClientBody implements RequestBody {
    private enum Mode {
        /** Nobody asked for the body yet: nothing is read. */
        WAITING,
        AGGREGATING,
        STREAMING,
        /** The response went out first: the rest is read and dropped so the connection can go on. */
        DISCARDING,
        /** Refused, timed out or released: nothing more. */
        OVER
    }

    private final ExchangeHandler handler;
    private final BodyBudget budget;
    private final long declared;
    private final boolean expectContinue;
    private final GatewayError upFront;

    private Mode mode = Mode.WAITING;
    /** The body's last content was read off the connection. */
    boolean complete;

    private ArrayDeque<HttpContent> queue;
    private long received;
    private long reserved;
    private CompositeByteBuf whole;
    private Aggregated then;
    private RequestBodySink sink;
    private boolean paused;
    private boolean continueSent;
    private boolean waitingForBudget;
    /** When waiting for room in the budget ends in 503; 0 while not waiting. */
    private long budgetDeadline;

    private long demandSince;
    private long lastProgress;

    /**
     * @param handler the connection's handler
     * @param request the request's head
     * @param http2 whether it came on an HTTP/2 stream (no framing headers; ended with its headers
     *     when it is a whole message)
     */
    ClientBody(ExchangeHandler handler, HttpRequest request, boolean http2) {
        this.handler = handler;
        this.budget = handler.state().budget;
        long length = HttpUtil.getContentLength(request, -1L);
        if (length < 0) {
            if (http2) {
                length = request instanceof LastHttpContent ? 0 : -1;
            } else {
                length = HttpUtil.isTransferEncodingChunked(request) ? -1 : 0;
            }
        }
        this.declared = length;
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        GatewayError refused = null;
        boolean cont = false;
        if (expect != null) {
            if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
                cont = !request.protocolVersion().equals(HttpVersion.HTTP_1_0);
            } else {
                refused = GatewayError.EXPECTATION_FAILED;
            }
        }
        if (refused == null && declared > Limits.MAX_BODY_BYTES) {
            refused = GatewayError.REQUEST_TOO_LARGE;
        }
        this.expectContinue = cont;
        this.upFront = refused;
    }

    /** An error to answer before the body is read at all (417, or 413 from Content-Length), or null. */
    GatewayError refusedUpFront() {
        return upFront;
    }

    /** Whether the client may be holding its body back for a {@code 100 Continue} it never got. */
    boolean awaitingContinue() {
        return expectContinue && !continueSent;
    }

    /** The body's bytes read off the connection and passed on so far. */
    long received() {
        return received;
    }

    @Override
    public long declaredLength() {
        return declared;
    }

    // --- what the exchange asks -----------------------------------------------------------------

    @Override
    public void aggregate(Aggregated to) {
        if (mode != Mode.WAITING) {
            return;
        }
        mode = Mode.AGGREGATING;
        then = to;
        demanded();
        if (declared > 0) {
            if (!budget.tryReserve(declared)) {
                waitForBudget();
                return;
            }
            reserved = declared;
        }
        drain();
        handler.maybeRead();
    }

    @Override
    public void stream(RequestBodySink to) {
        if (mode != Mode.WAITING) {
            return;
        }
        mode = Mode.STREAMING;
        sink = to;
        demanded();
        drain();
        handler.maybeRead();
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        lastProgress = System.nanoTime();
        drain();
        handler.maybeRead();
    }

    private void demanded() {
        if (expectContinue && !continueSent && !complete) {
            continueSent = true;
            handler.sendContinue();
        }
        demandSince = lastProgress = System.nanoTime();
    }

    // --- what the connection reads ------------------------------------------------------------

    /** A chunk of this body came off the connection (taken over). */
    void arrived(HttpContent content) {
        if (content instanceof LastHttpContent) {
            complete = true;
        }
        if (mode == Mode.OVER) {
            content.release();
            return;
        }
        if (queue != null && !queue.isEmpty() || !flowing()) {
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            queue.add(content);
            budget.buffered(content.content().readableBytes());
            return;
        }
        deliver(content);
    }

    /** Whether chunks can be passed on now. */
    private boolean flowing() {
        return switch (mode) {
            case AGGREGATING -> !waitingForBudget;
            case STREAMING -> !paused;
            case DISCARDING -> true;
            default -> false;
        };
    }

    /** Whether the connection should read more of this body. */
    boolean wantsBytes() {
        return !complete && flowing() && (queue == null || queue.isEmpty());
    }

    private void drain() {
        if (queue == null) {
            return;
        }
        HttpContent next;
        while (flowing() && (next = queue.poll()) != null) {
            budget.buffered(-next.content().readableBytes());
            deliver(next);
        }
    }

    private void deliver(HttpContent content) {
        int n = content.content().readableBytes();
        received += n;
        if (received > Limits.MAX_BODY_BYTES) {
            content.release();
            tooLarge();
            return;
        }
        lastProgress = System.nanoTime();
        boolean last = content instanceof LastHttpContent;
        switch (mode) {
            case AGGREGATING -> {
                if (declared < 0 && n > 0) {
                    if (!budget.tryReserve(n)) {
                        // Back to the front: it is passed on once the budget has room.
                        if (queue == null) {
                            queue = new ArrayDeque<>(4);
                        }
                        queue.addFirst(content);
                        budget.buffered(n);
                        received -= n;
                        waitForBudget();
                        return;
                    }
                    reserved += n;
                }
                if (n > 0) {
                    if (whole == null) {
                        whole = content.content().alloc().compositeBuffer(Integer.MAX_VALUE);
                    }
                    whole.addComponent(true, content.content().retain());
                }
                content.release();
                if (last) {
                    Aggregated to = then;
                    then = null;
                    to.accept(whole != null ? whole : Unpooled.EMPTY_BUFFER);
                }
            }
            case STREAMING -> sink.onBodyContent(content);
            case DISCARDING -> {
                content.release();
                if (last) {
                    handler.next();
                }
            }
            default -> content.release();
        }
    }

    private void tooLarge() {
        RequestBodySink s = sink;
        over();
        if (s != null) {
            s.onBodyError(GatewayError.REQUEST_TOO_LARGE);
        }
        handler.bodyRefused(GatewayError.REQUEST_TOO_LARGE, Refusals.Reason.BODY_TOO_LARGE);
    }

    /** Waits for room in the budget (retrying every 10 ms); past the wait, 503. */
    private void waitForBudget() {
        long now = System.nanoTime();
        if (budgetDeadline == 0) {
            budgetDeadline = now + TimeUnit.MILLISECONDS.toNanos(ExchangeHandler.BUDGET_WAIT_MILLIS);
        } else if (now - budgetDeadline >= 0) {
            over();
            handler.bodyRefused(GatewayError.SERVICE_UNAVAILABLE, Refusals.Reason.BODY_BUDGET);
            return;
        }
        waitingForBudget = true;
        handler.ctx().executor().schedule(this::retryBudget, 10, TimeUnit.MILLISECONDS);
    }

    private void retryBudget() {
        if (mode != Mode.AGGREGATING || !waitingForBudget) {
            return;
        }
        waitingForBudget = false;
        if (reserved == 0 && declared > 0) {
            if (!budget.tryReserve(declared)) {
                waitForBudget();
                return;
            }
            reserved = declared;
        }
        // A chunk waiting for room tries again as it is passed on.
        drain();
        if (!waitingForBudget && mode == Mode.AGGREGATING) {
            budgetDeadline = 0;
            lastProgress = System.nanoTime();
            handler.maybeRead();
        }
    }

    // --- deadlines and the end ------------------------------------------------------------------

    /** Whether a body deadline passed while the connection was reading this body. */
    boolean overdue(long now, TrafficLimits limits) {
        if (!flowing() || complete) {
            return false;
        }
        return now - lastProgress > TimeUnit.MILLISECONDS.toNanos(limits.bodyIdleTimeoutMillis())
                || now - demandSince > TimeUnit.MILLISECONDS.toNanos(limits.bodyTimeoutMillis());
    }

    /** The client was too slow: the streaming destination hears of it; nothing more is read. */
    void failed(GatewayError answer) {
        RequestBodySink s = sink;
        over();
        if (s != null) {
            s.onBodyError(answer != null ? answer : GatewayError.REQUEST_TIMEOUT);
        }
    }

    /** The response went out before the body ended: read the rest and drop it. */
    void discard() {
        if (mode == Mode.OVER) {
            return;
        }
        mode = Mode.DISCARDING;
        sink = null;
        then = null;
        waitingForBudget = false;
        demandSince = lastProgress = System.nanoTime();
        releaseHeld();
        drain();
    }

    private void over() {
        mode = Mode.OVER;
        sink = null;
        then = null;
        releaseHeld();
    }

    /** Gives back everything held: queued chunks, the aggregated body, the budget reservation. */
    void release() {
        mode = Mode.OVER;
        sink = null;
        then = null;
        releaseHeld();
        if (whole != null) {
            ByteBuf w = whole;
            whole = null;
            w.release();
        }
        budget.release(reserved);
        reserved = 0;
    }

    private void releaseHeld() {
        if (queue != null) {
            HttpContent c;
            while ((c = queue.poll()) != null) {
                budget.buffered(-c.content().readableBytes());
                c.release();
            }
        }
    }
}
