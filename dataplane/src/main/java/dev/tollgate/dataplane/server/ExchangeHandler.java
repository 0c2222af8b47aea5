package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.http.RequestIds;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ResponseBody;
import dev.tollgate.dataplane.runtime.ResponseBodySink;
import dev.tollgate.dataplane.runtime.ResponseSink;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.WebSocketEvent;
import dev.tollgate.dataplane.tls.TlsInfo;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a traffic connection (HTTP/1.1), or of one HTTP/2 stream: it starts each
 * request on the {@link Runtime} current at its head (the request finishes on it whatever reloads
 * happen meanwhile), decodes the canonical path and query once, dispatches on the head, and writes
 * the one response (whole, or streamed from the backend) with keep-alive, access log line and
 * metrics.
 *
 * <p>Flow control: the connection reads only when it wants bytes ({@link #wantsBytes}): the next
 * request once the previous one is answered and the client reads its responses (the channel is
 * writable), or the body of the current one while a step aggregates it or the backend takes it
 * ({@link ClientBody}). The decoder holds a pipelined request back until its turn, so one request is
 * served at a time and at most one read of bytes waits behind it.
 *
 * <p>Deadlines, checked a few times per shortest timeout: a new connection's first request and a
 * request's headers ({@code header}, 408 once bytes came), a body being read ({@code body}, 408),
 * a keep-alive connection without a request ({@code idle}), and a response the client does not
 * read ({@code write}). Each closes the connection, counted and logged once per interval.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter implements ResponseSink, ResponseBodySink, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    /** How long a request whose body would pass the budget waits for room before 503. */
    static final long BUDGET_WAIT_MILLIS = 500;

    /**
     * How long a connection closed with a request body still coming keeps reading (and dropping)
     * after its answer, so the client reads the answer instead of a reset.
     */
    static final long LINGER_MILLIS = 2000;

    private final ServerState state;
    private final TlsInfo tls;
    /** One HTTP/2 stream: one request, no keep-alive, no header phase. */
    private final boolean stream;

    private ChannelHandlerContext ctx;
    private StrictRequestDecoder decoder;
    private ReadGate gate;
    private TrafficLimits limits;
    private ScheduledFuture<?> ticker;
    private String clientIp;

    // The connection.
    private boolean served;
    private boolean closing;
    private boolean closeWhenIdle;
    private long idleSince;
    private long headStart;
    private long unwritableSince;
    private long lingerUntil;

    // The request being served (current), and its body (which may outlive it while it is discarded).
    private Exchange current;
    private ClientBody body;
    private boolean keepAlive;
    private boolean http10;
    private boolean headRequest;
    private boolean closeAfterResponse;

    // A response being streamed.
    private ResponseBody streaming;
    private long streamedBytes;
    private boolean streamedChunked;

    /**
     * @param state what every connection shares
     * @param tls the connection's TLS facts, read once when its handshake was done; null on plain HTTP
     * @param stream whether this handles one HTTP/2 stream rather than an HTTP/1.1 connection
     */
    ExchangeHandler(ServerState state, TlsInfo tls, boolean stream) {
        this.state = state;
        this.tls = tls;
        this.stream = stream;
    }

    /** The HTTP/1.1 decoder whose pipelined requests this handler holds back, and its read gate. */
    void decoder(StrictRequestDecoder d, ReadGate g) {
        this.decoder = d;
        this.gate = g;
    }

    /** Whether the connection is busy with a request (the decoder holds the next one back). */
    boolean busy() {
        return current != null || (body != null && !body.complete);
    }

    ServerState state() {
        return state;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.limits = state.limits();
        this.clientIp = RequestGuardHandler.remoteIp(ctx);
        idleSince = System.nanoTime();
        if (ctx.channel().isActive()) {
            activate();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        activate();
        super.channelActive(ctx);
    }

    private void activate() {
        if (ticker != null) {
            return;
        }
        long tick = limits.tickMillis();
        ticker = ctx.executor().scheduleAtFixedRate(this, tick, tick, TimeUnit.MILLISECONDS);
        if (!ctx.channel().isWritable()) {
            unwritableSince = System.nanoTime();
        }
        if (decoder != null && decoder.hasBuffered()) {
            headStart = System.nanoTime();
        }
        ctx.read();
    }

    // --- reading --------------------------------------------------------------------------------

    /** Whether the connection should read now (the {@link ReadGate} asks before every read). */
    boolean wantsBytes() {
        if (lingerUntil != 0) {
            return ctx.channel().isActive();
        }
        if (closing || !ctx.channel().isActive()) {
            return false;
        }
        if (body != null && !body.complete) {
            return body.wantsBytes();
        }
        if (current != null) {
            // The request is whole: the next one waits for its turn.
            return false;
        }
        return ctx.channel().isWritable() && !closeWhenIdle;
    }

    /** Reads if the connection wants bytes (a read already pending is not doubled by Netty). */
    void maybeRead() {
        if (wantsBytes()) {
            ctx.read();
        }
    }

    /** The first bytes of a next request arrived (its header deadline starts). */
    void bytesArrived() {
        if (current == null && headStart == 0 && (body == null || body.complete)) {
            headStart = System.nanoTime();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            if (busy() || closing) {
                // The decoder holds a next request back, so this is a client breaking the protocol.
                ReferenceCountUtil.release(msg);
                return;
            }
            start(request);
            if (msg instanceof FullHttpRequest whole) {
                // A whole request in one message (an HTTP/2 stream that ended early): its body goes
                // on as content of its own, never as a message a backend connection would encode.
                body.arrived(new DefaultLastHttpContent(whole.content(), whole.trailingHeaders()));
            }
            return;
        }
        if (msg instanceof HttpContent content && body != null && !body.complete) {
            body.arrived(content);
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        maybeRead();
        ctx.fireChannelReadComplete();
    }

    private void start(HttpRequest request) {
        state.inFlight.incrementAndGet();
        served = true;
        headStart = 0;
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String requestId = RequestIds.next();
        limits = state.limits();
        keepAlive = !stream && HttpUtil.isKeepAlive(request);
        http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        headRequest = request.method().equals(HttpMethod.HEAD);
        closeAfterResponse = false;
        streamedBytes = 0;
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        CanonicalPath path = null;
        QueryParams query = QueryParams.EMPTY;
        String malformed = null;
        if (request.decoderResult().isFailure()) {
            malformed = "undecodable request";
        } else {
            try {
                path = CanonicalPath.parse(rawPath);
                query = QueryParams.parse(q < 0 ? null : uri.substring(q + 1));
            } catch (MalformedRequestException e) {
                malformed = e.getMessage();
            }
        }
        body = new ClientBody(this, request, stream);
        Exchange exchange = new Exchange(
                ctx.channel().eventLoop(),
                ctx.alloc(),
                request,
                body,
                this,
                requestId,
                startNanos,
                startMillis,
                clientIp,
                tls,
                rawPath,
                path == null ? CanonicalPath.ROOT : path,
                query);
        current = exchange;
        if (limits.trustsProxy(clientIp)) {
            exchange.trustPeer();
        }
        if (malformed != null) {
            state.refusals.rejected(
                    Refusals.Reason.BAD_REQUEST, clientIp, malformed + " (400, request " + requestId + ")");
            closeAfterResponse = true;
            exchange.fail(GatewayError.BAD_REQUEST);
            return;
        }
        GatewayError refused = body.refusedUpFront();
        if (refused != null) {
            state.refusals.rejected(
                    refused == GatewayError.EXPECTATION_FAILED
                            ? Refusals.Reason.EXPECTATION_FAILED
                            : Refusals.Reason.BODY_TOO_LARGE,
                    clientIp,
                    refused.message() + " (" + refused.status().code() + ", request " + requestId + ")");
            closeAfterResponse = true;
            exchange.fail(refused);
            return;
        }
        Runtime runtime = state.holder.current();
        if (runtime == null) {
            // Listeners open only once a config is served; this is a bug if it ever happens.
            exchange.fail(GatewayError.SERVICE_UNAVAILABLE);
            return;
        }
        exchange.start(runtime);
    }

    // --- writing --------------------------------------------------------------------------------

    @Override
    public void send(Exchange exchange, FullHttpResponse response) {
        if (!exchange.eventLoop().inEventLoop()) {
            // Steps answer on the exchange's loop; this guards against a misbehaving one.
            exchange.eventLoop().execute(() -> send(exchange, response));
            return;
        }
        if (exchange != current) {
            response.release();
            return;
        }
        WebSocketEvent socket = exchange.webSocket();
        if (socket != null
                && WebSocketEvent.CONNECT.equals(socket.eventType())
                && exchange.error() == null
                && response.status().codeClass() == HttpStatusClass.SUCCESS
                && !stream
                && ctx.channel().isActive()) {
            upgrade(exchange, response);
            return;
        }
        boolean keep = keepAliveAfter();
        if (headRequest) {
            // A HEAD answer keeps the Content-Length a GET would have, without the body.
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                response.headers()
                        .setInt(
                                HttpHeaderNames.CONTENT_LENGTH,
                                response.content().readableBytes());
            }
            response.content().clear();
        } else {
            response.headers()
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        connectionHeader(response, keep);
        logAndMeasure(exchange, response.content().readableBytes());
        if (ctx.channel().isActive()) {
            var future = ctx.writeAndFlush(response);
            if (!keep) {
                closeAfter(future);
            }
        } else {
            response.release();
        }
        done(keep);
    }

    /**
     * {@code $connect} accepted the connection: the handshake's answer (RFC 6455 4.2.2, with the
     * subprotocol the integration chose, if any), then the connection's HTTP handlers give way to
     * the WebSocket codec and a {@link WebSocketHandler}.
     */
    private void upgrade(Exchange exchange, FullHttpResponse accepted) {
        HttpHeaders connect = accepted.headers();
        String protocol = connect.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        accepted.release();
        logAndMeasure(exchange, 0);
        FullHttpResponse switching = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        switching
                .headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(
                        HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
                        WebSocketAccept.of(exchange.request().headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY)))
                .set("x-amzn-RequestId", exchange.requestId());
        if (protocol != null) {
            switching.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, protocol);
        }
        current = null;
        state.inFlight.decrementAndGet();
        if (body != null) {
            body.release();
            body = null;
        }
        closing = true;
        // Encoded now, on this loop: the HTTP encoder may go once the write returns.
        ctx.writeAndFlush(switching);
        WebSocketLimits limits = state.webSockets.limits();
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(TrafficPipeline.DECODER, TrafficPipeline.WS_ENCODER, new WebSocket13FrameEncoder(false));
        p.addAfter(
                TrafficPipeline.WS_ENCODER,
                TrafficPipeline.WS_DECODER,
                new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(limits.maxFrameBytes())
                        .expectMaskedFrames(true)
                        .allowMaskMismatch(false)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(false)
                        .build()));
        p.addLast(
                TrafficPipeline.WS,
                new WebSocketHandler(
                        state,
                        exchange,
                        exchange.api().namespace(),
                        exchange.api().config().name(),
                        exchange.stage().config().name()));
        p.remove(TrafficPipeline.GUARD);
        p.remove(TrafficPipeline.ENCODER);
        p.remove(TrafficPipeline.GATE);
        p.remove(this);
        // Last: bytes it still holds go on to the frame decoder.
        p.remove(TrafficPipeline.DECODER);
    }

    @Override
    public void stream(Exchange exchange, HttpResponse head, ResponseBody responseBody) {
        if (exchange != current || !ctx.channel().isActive()) {
            responseBody.abort();
            return;
        }
        int status = head.status().code();
        HttpHeaders headers = head.headers();
        boolean bodiless = headRequest || status == 204 || status == 304 || (status >= 100 && status < 200);
        boolean keep = keepAliveAfter();
        streamedChunked = false;
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (!bodiless && !stream && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10) {
                // No chunking in HTTP/1.0: the body ends when the connection does.
                keep = false;
            } else {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                streamedChunked = true;
            }
        }
        closeAfterResponse = !keep;
        connectionHeader(head, keep);
        ctx.write(head, ctx.voidPromise());
        streaming = responseBody;
        if (!ctx.channel().isWritable()) {
            responseBody.pause();
        }
        responseBody.start(this);
    }

    @Override
    public void onContent(HttpContent content) {
        if (streaming == null) {
            content.release();
            return;
        }
        streamedBytes += content.content().readableBytes();
        if (!(content instanceof LastHttpContent)) {
            ctx.write(content, ctx.voidPromise());
            return;
        }
        Exchange exchange = current;
        streaming = null;
        exchange.streamed(streamedBytes);
        boolean keep = !closeAfterResponse;
        logAndMeasure(exchange, streamedBytes);
        var future = ctx.writeAndFlush(content);
        if (!keep) {
            closeAfter(future);
        }
        done(keep);
    }

    @Override
    public void onReadComplete() {
        if (streaming != null) {
            ctx.flush();
        }
    }

    @Override
    public void onError() {
        // The backend failed in the middle of the body: the client learns it by the cut.
        if (streaming == null) {
            return;
        }
        Exchange exchange = current;
        streaming = null;
        exchange.streamed(streamedBytes);
        logAndMeasure(exchange, streamedBytes);
        ctx.flush();
        closing = true;
        ctx.close();
        done(false);
    }

    private boolean keepAliveAfter() {
        if (stream) {
            return true;
        }
        if (!keepAlive || closeAfterResponse || closeWhenIdle || state.draining.get()) {
            return false;
        }
        // A body the client may still be holding back for a 100 Continue never comes: close.
        return body == null || body.complete || !body.awaitingContinue();
    }

    private void connectionHeader(HttpResponse response, boolean keep) {
        if (stream) {
            response.headers().remove(HttpHeaderNames.CONNECTION);
            return;
        }
        if (!keep) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.headers().remove(HttpHeaderNames.CONNECTION);
        }
        if (http10) {
            response.setProtocolVersion(HttpVersion.HTTP_1_0);
        }
    }

    private void closeAfter(ChannelFuture future) {
        closing = true;
        if (!stream && body != null && !body.complete && ctx.channel() instanceof DuplexChannel) {
            // The client may still be sending its body: closing now would reset the connection and
            // with it the answer it has not read yet. Half-close, and drop what comes for a while.
            future.addListener(f -> linger());
        } else {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void linger() {
        if (!ctx.channel().isActive()) {
            return;
        }
        lingerUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        ((DuplexChannel) ctx.channel()).shutdownOutput();
        ctx.read();
    }

    /** Whether the connection only drops what it reads until it closes (see {@link #LINGER_MILLIS}). */
    boolean lingering() {
        return lingerUntil != 0;
    }

    /**
     * Counts the answered request in its meters and usage ledger and logs it.
     *
     * @param bytesOut the response body's bytes as sent (streamed ones counted as they went out)
     */
    private void logAndMeasure(Exchange exchange, long bytesOut) {
        long durationNanos = exchange.endNanos() - exchange.startNanos();
        RouteMeters meters = exchange.meters();
        // The request body's bytes read off the connection by the time the response is out.
        long bytesIn = body == null ? 0 : body.received();
        (meters != null ? meters : state.unknown).request(exchange.status(), durationNanos, bytesIn, bytesOut);
        UsageLedger.Key usageKey = UsageLedger.key(exchange);
        if (usageKey != null) {
            state.usage.record(usageKey, bytesIn, bytesOut, exchange.servedFromCache());
        }
        exchange.completed();
        AccessLogWriter accessLog = state.accessLogWriter(exchange);
        if (accessLog != null) {
            accessLog.log(exchange.accessLogFormat(), exchange);
        }
    }

    /**
     * The response is out: the request is over once its body is (read to its end, or discarded
     * while the connection stays open), then the next one may start.
     */
    private void done(boolean keep) {
        current = null;
        state.inFlight.decrementAndGet();
        ClientBody b = body;
        if (!keep) {
            closing = true;
            b.release();
            body = null;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (stream) {
                ctx.close();
            }
            return;
        }
        if (!b.complete) {
            if (stream) {
                // RFC 9113 8.1: the response is complete; the rest of the body is not wanted.
                b.release();
                body = null;
                closing = true;
                ctx.close();
                return;
            }
            b.discard();
            maybeRead();
            return;
        }
        next();
    }

    /** The previous request is over, body included: the connection waits for (or decodes) the next. */
    void next() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (stream || closing) {
            return;
        }
        idleSince = System.nanoTime();
        if (closeWhenIdle) {
            closing = true;
            ctx.close();
            return;
        }
        if (!ctx.channel().isWritable()) {
            // The client is not reading its responses: no new work until it does.
            return;
        }
        if (decoder != null && decoder.hasBuffered()) {
            headStart = idleSince;
            if (!decoder.decoding()) {
                gate.decodeHeld();
            }
        }
        if (current == null) {
            maybeRead();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        boolean writable = ctx.channel().isWritable();
        if (!writable) {
            if (unwritableSince == 0) {
                unwritableSince = System.nanoTime();
            }
            if (streaming != null) {
                streaming.pause();
            }
        } else {
            unwritableSince = 0;
            if (streaming != null) {
                streaming.resume();
            } else if (current == null && (body == null || body.complete)) {
                next();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    // --- deadlines ------------------------------------------------------------------------------

    /** The deadline check, a few times per shortest timeout, on the connection's loop. */
    @Override
    public void run() {
        long now = System.nanoTime();
        if (lingerUntil != 0 && now - lingerUntil > 0) {
            ctx.close();
            return;
        }
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        if (unwritableSince != 0 && now - unwritableSince > millis(limits.idleTimeoutMillis())) {
            timeout(Refusals.Timeout.WRITE, null);
            return;
        }
        if (body != null && !body.complete) {
            if (body.overdue(now, limits)) {
                timeout(
                        Refusals.Timeout.BODY,
                        current != null && !current.responded() ? GatewayError.REQUEST_TIMEOUT : null);
            }
            return;
        }
        if (current != null || stream) {
            return;
        }
        if (headStart != 0) {
            if (now - headStart > millis(limits.headerTimeoutMillis())) {
                timeout(Refusals.Timeout.HEADER, GatewayError.REQUEST_TIMEOUT);
            }
        } else if (!served) {
            if (now - idleSince > millis(limits.headerTimeoutMillis())) {
                // A connection that never sent a byte gets no answer.
                timeout(Refusals.Timeout.HEADER, null);
            }
        } else if (now - idleSince > millis(limits.idleTimeoutMillis())) {
            timeout(Refusals.Timeout.IDLE, null);
        }
    }

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** A deadline passed: answered with {@code answer} (when there is one to give), then closed. */
    private void timeout(Refusals.Timeout kind, GatewayError answer) {
        state.refusals.timedOut(kind, clientIp);
        closing = true;
        if (body != null) {
            body.failed(answer);
        }
        Exchange exchange = current;
        if (answer != null && ctx.channel().isWritable()) {
            if (exchange != null && !exchange.responded()) {
                closeAfterResponse = true;
                exchange.fail(answer);
                if (current == exchange) {
                    // Not answered (a misbehaving sink): close regardless.
                    ctx.close();
                }
                return;
            }
            if (exchange == null) {
                FullHttpResponse response = ErrorResponder.response(answer, RequestIds.next(), ctx.alloc());
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.close();
    }

    // --- the end --------------------------------------------------------------------------------

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DrainEvent.INSTANCE) {
            closeWhenIdle = true;
            if (current == null && (body == null || body.complete)) {
                closing = true;
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        Exchange exchange = current;
        if (exchange != null) {
            current = null;
            state.inFlight.decrementAndGet();
            // The client is gone: its backend call (and pooled connection) is given back now.
            exchange.clientGone();
        }
        ResponseBody s = streaming;
        streaming = null;
        if (s != null) {
            s.abort();
        }
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed: {}", clientIp, cause.toString());
        if (current == null && streaming == null && ctx.channel().isActive() && !stream && !closing) {
            closing = true;
            FullHttpResponse response =
                    ErrorResponder.response(GatewayError.BAD_REQUEST, RequestIds.next(), ctx.alloc());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            closing = true;
            ctx.close();
        }
    }

    /** Sends {@code 100 Continue}: the body is wanted now. */
    void sendContinue() {
        ctx.writeAndFlush(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    /** A body's refusal the handler answers (413 past the limit, 503 past the budget). */
    void bodyRefused(GatewayError error, Refusals.Reason reason) {
        state.refusals.rejected(
                reason, clientIp, error.message() + " (" + error.status().code() + ")");
        Exchange exchange = current;
        closeAfterResponse = true;
        if (exchange != null && !exchange.responded()) {
            exchange.fail(error);
        } else {
            // The response has started, or was sent already: only closing can end it.
            closing = true;
            ctx.close();
        }
    }
}
