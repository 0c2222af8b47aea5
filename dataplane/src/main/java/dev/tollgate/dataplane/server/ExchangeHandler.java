package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.http.RequestIds;
import dev.tollgate.dataplane.metering.UsageLedger;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ResponseSink;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.tls.TlsInfo;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a traffic connection: for each aggregated request it captures the current
 * {@link Runtime} (the request finishes on it whatever reloads happen meanwhile), decodes the
 * canonical path and query once, dispatches, and writes the one response with keep-alive, access
 * log line and metrics. Pipelined requests wait in order, so responses leave in request order.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter implements ResponseSink {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    /** Before the first config is served. */
    static final GatewayError NOT_READY = new GatewayError(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Service Unavailable",
            "ServiceUnavailableException",
            "DEFAULT_5XX");

    private final ServerState state;
    private final TlsInfo tls;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private Exchange current;
    private boolean closeWhenIdle;

    /**
     * @param state what every connection shares
     * @param tls the connection's TLS facts, read once when its handshake was done; null on plain HTTP
     */
    ExchangeHandler(ServerState state, TlsInfo tls) {
        this.state = state;
        this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null) {
            waiting.add(request);
            return;
        }
        start(request);
    }

    private void start(FullHttpRequest request) {
        state.inFlight.incrementAndGet();
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String requestId = RequestIds.next();
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
        Exchange exchange = new Exchange(
                ctx.channel().eventLoop(),
                ctx.alloc(),
                request,
                this,
                requestId,
                startNanos,
                startMillis,
                RequestGuardHandler.remoteIp(ctx),
                tls,
                rawPath,
                path == null ? CanonicalPath.ROOT : path,
                query);
        current = exchange;
        if (malformed != null) {
            LOG.info("rejected request {} from {}: {} (400)", requestId, exchange.clientIp(), malformed);
            closeWhenIdle = true;
            exchange.fail(GatewayError.BAD_REQUEST);
            return;
        }
        Runtime runtime = state.holder.current();
        if (runtime == null) {
            exchange.fail(NOT_READY);
            return;
        }
        exchange.start(runtime);
    }

    @Override
    public void send(Exchange exchange, FullHttpResponse response) {
        if (!exchange.eventLoop().inEventLoop()) {
            // Steps answer on the exchange's loop; this guards against a misbehaving one.
            exchange.eventLoop().execute(() -> send(exchange, response));
            return;
        }
        FullHttpRequest request = exchange.request();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !closeWhenIdle && !state.draining.get();
        if (request.method().equals(HttpMethod.HEAD)) {
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
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.headers().remove(HttpHeaderNames.CONNECTION);
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.setProtocolVersion(HttpVersion.HTTP_1_0);
        }
        long durationNanos = exchange.endNanos() - exchange.startNanos();
        RouteMeters meters = exchange.meters();
        int bytesIn = request.content().readableBytes();
        int bytesOut = response.content().readableBytes();
        (meters != null ? meters : state.unknown).request(exchange.status(), durationNanos, bytesIn, bytesOut);
        UsageLedger.Key usageKey = UsageLedger.key(exchange);
        if (usageKey != null) {
            state.usage.record(usageKey, bytesIn, bytesOut, exchange.servedFromCache());
        }
        state.accessLog.log(exchange.accessLogFormat().render(exchange));
        boolean open = ctx.channel().isActive();
        if (open) {
            var future = ctx.writeAndFlush(response);
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            response.release();
        }
        finish(exchange);
        if (!keepAlive) {
            closeWhenIdle = true;
            releaseWaiting();
            return;
        }
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            start(next);
        }
    }

    private void finish(Exchange exchange) {
        if (current == exchange) {
            current = null;
        }
        exchange.request().release();
        state.inFlight.decrementAndGet();
    }

    private void releaseWaiting() {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DrainEvent.INSTANCE) {
            closeWhenIdle = true;
            if (current == null) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed: {}", RequestGuardHandler.remoteIp(ctx), cause.toString());
        if (current == null && ctx.channel().isActive()) {
            FullHttpResponse response =
                    ErrorResponder.response(GatewayError.BAD_REQUEST, RequestIds.next(), ctx.alloc());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
