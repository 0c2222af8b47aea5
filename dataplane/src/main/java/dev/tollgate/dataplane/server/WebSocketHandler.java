package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.accesslog.AccessLogWriter;
import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.http.Json;
import dev.tollgate.dataplane.http.MalformedRequestException;
import dev.tollgate.dataplane.http.QueryParams;
import dev.tollgate.dataplane.http.RequestIds;
import dev.tollgate.dataplane.limits.Connections;
import dev.tollgate.dataplane.metrics.RouteMeters;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ResponseSink;
import dev.tollgate.dataplane.runtime.RouteSelection;
import dev.tollgate.dataplane.runtime.Runtime;
import dev.tollgate.dataplane.runtime.WebSocketEvent;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.ir.WebSocketRouteConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket connection, after its {@code $connect} accepted it: reassembles messages from
 * their frames (AWS's 32 KB frames, 128 KB messages; 1009 past either), answers pings, selects each
 * message's route by the API's route selection expression on the runtime served at the message's
 * arrival (a reload applies to the next message and never closes the connection), runs the route's
 * steps, and sends the route response of a two-way route back. Runs {@code $disconnect} once the
 * connection is gone. The connection reads a frame only while fewer than {@code
 * maxMessagesInFlight} of its messages are being served and the client reads what is sent to it;
 * it is closed (1001) after the idle timeout or the maximum duration.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter implements Connections.Local, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandler.class);

    /** How long a close waits for the client's close frame. */
    static final long CLOSE_LINGER_MILLIS = 2000;

    private final ServerState state;
    private final WebSockets sockets;
    private final WebSocketLimits limits;
    private final String namespace;
    private final String api;
    private final String apiId;
    private final String stage;
    private final String connectionId;
    private final long connectedAtMillis;
    private final long connectedAtNanos;
    private final String sourceIp;
    private final TlsInfo tls;
    private final HttpHeaders upgradeHeaders;

    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private volatile long lastActiveMillis;
    private long lastActiveNanos;
    private CompositeByteBuf partial;
    private boolean partialBinary;
    private int inFlight;
    private boolean closing;
    private boolean gone;
    private String selectionExpression;
    private RouteSelection selection;

    /**
     * @param state what every connection shares
     * @param upgrade the accepted {@code $connect} exchange
     * @param namespace the API's namespace
     * @param api the API's name
     * @param stage the stage's name
     */
    WebSocketHandler(ServerState state, Exchange upgrade, String namespace, String api, String stage) {
        this.state = state;
        this.sockets = state.webSockets;
        this.limits = sockets.limits();
        this.namespace = namespace;
        this.api = api;
        this.apiId = api + "." + namespace;
        this.stage = stage;
        this.connectionId = upgrade.webSocket().connectionId();
        this.connectedAtMillis = upgrade.webSocket().connectedAtMillis();
        this.connectedAtNanos = System.nanoTime();
        this.sourceIp = upgrade.clientIp();
        this.tls = upgrade.tls();
        this.upgradeHeaders = upgrade.request().headers().copy();
        this.lastActiveMillis = connectedAtMillis;
        this.lastActiveNanos = connectedAtNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long tick = Math.max(10, Math.min(1000, Math.min(limits.idleTimeoutMillis(), limits.maxDurationMillis()) / 10));
        ticker = ctx.executor().scheduleAtFixedRate(this, tick, tick, TimeUnit.MILLISECONDS);
        sockets.registry().opened(namespace, connectionId, this);
        sockets.openOn(namespace, api, stage).incrementAndGet();
        ctx.read();
    }

    // --- frames from the client -----------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || closing) {
            if (closing && msg instanceof CloseWebSocketFrame) {
                // The client answered our close: the closing handshake is complete.
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        active();
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content()));
        } else if (frame instanceof PongWebSocketFrame) {
            frame.release();
        } else if (frame instanceof CloseWebSocketFrame close) {
            int code = close.statusCode() < 0 ? WebSocketCloseStatus.NORMAL_CLOSURE.code() : close.statusCode();
            close.release();
            close(code, "");
        } else if (frame instanceof ContinuationWebSocketFrame) {
            if (partial == null) {
                frame.release();
                close(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "Unexpected continuation frame");
                return;
            }
            partial.addComponent(true, frame.content());
            if (partial.readableBytes() > limits.maxMessageBytes()) {
                tooBig();
            } else if (frame.isFinalFragment()) {
                CompositeByteBuf whole = partial;
                partial = null;
                message(whole, partialBinary);
            }
        } else {
            if (partial != null) {
                frame.release();
                close(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "Expected continuation frame");
                return;
            }
            boolean binary = frame instanceof BinaryWebSocketFrame;
            if (frame.isFinalFragment()) {
                message(frame.content(), binary);
            } else {
                partial = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                partial.addComponent(true, frame.content());
                partialBinary = binary;
            }
        }
    }

    private void tooBig() {
        partial.release();
        partial = null;
        state.refusals.rejected(Refusals.Reason.BODY_TOO_LARGE, sourceIp, "WebSocket message over 128 KB (1009)");
        close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "Message too big");
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        maybeRead();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        maybeRead();
        super.channelWritabilityChanged(ctx);
    }

    private void maybeRead() {
        // While closing, what the client still sends is read and dropped until its close comes.
        if (closing || (inFlight < limits.maxMessagesInFlight() && ctx.channel().isWritable())) {
            ctx.read();
        }
    }

    private void active() {
        lastActiveNanos = System.nanoTime();
        lastActiveMillis = System.currentTimeMillis();
    }

    // --- a message ------------------------------------------------------------------------------

    /** Serves one whole message (released here). */
    private void message(ByteBuf content, boolean binary) {
        byte[] body = ByteBufUtil.getBytes(content);
        content.release();
        Runtime runtime = state.holder.current();
        if (runtime == null || !runtime.servesWebSocket(apiId, stage)) {
            close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away");
            return;
        }
        String expression = runtime.apis().get(apiId).config().routeSelectionExpression();
        if (!Objects.equals(expression, selectionExpression)) {
            selectionExpression = expression;
            selection = RouteSelection.parse(expression);
        }
        String selected = selection == null ? null : selection.select(body);
        String requestId = RequestIds.next();
        Runtime.WebSocketTarget target = runtime.webSocketRoute(apiId, stage, selected);
        if (target == null) {
            // AWS's answer to a message no route (and no $default) takes.
            sendText(error("Forbidden", requestId));
            return;
        }
        sockets.message(namespace, api, stage, target.routeKey(), true, body.length);
        boolean twoWay = target.route().config().webSocket() != null
                && target.route().config().webSocket().twoWay();
        WebSocketEvent event = new WebSocketEvent(
                connectionId, connectedAtMillis, WebSocketEvent.MESSAGE, requestId, target.routeKey());
        inFlight++;
        Exchange exchange = exchange(event, requestId, body, binary, (ex, response) -> {
            inFlight--;
            answered(ex, response, twoWay, target.routeKey());
            maybeRead();
        });
        target.start(exchange);
    }

    private void answered(Exchange exchange, FullHttpResponse response, boolean twoWay, String routeKey) {
        try {
            logAndMeasure(exchange);
            if (gone) {
                return;
            }
            if (exchange.error() != null) {
                // AWS tells the client about a failed message, whether or not the route answers.
                sendText(error(exchange.error().message(), exchange.requestId()));
            } else if (twoWay && response.content().isReadable()) {
                byte[] out = ByteBufUtil.getBytes(response.content());
                sockets.message(namespace, api, stage, routeKey, false, out.length);
                write(out, false);
            }
        } finally {
            response.release();
        }
    }

    private String error(String message, String requestId) {
        return "{\"message\": \"" + Json.escape(message) + "\", \"connectionId\":\"" + connectionId
                + "\", \"requestId\":\"" + requestId + "\"}";
    }

    /**
     * An exchange for a WebSocket event: a POST of the message to the stage, with the upgrade's
     * headers (Host, the client's identity headers) and the message's content type.
     */
    private Exchange exchange(WebSocketEvent event, String requestId, byte[] body, boolean binary, ResponseSink sink) {
        String rawPath = "/" + stage;
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, rawPath, Unpooled.wrappedBuffer(body));
        HttpHeaders headers = request.headers();
        for (String name : new String[] {"host", "user-agent", "origin", "x-forwarded-for"}) {
            String value = upgradeHeaders.get(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, binary ? "application/octet-stream" : "application/json");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        CanonicalPath path;
        try {
            path = CanonicalPath.parse(rawPath);
        } catch (MalformedRequestException e) {
            path = CanonicalPath.ROOT;
        }
        Exchange exchange = new Exchange(
                ctx.channel().eventLoop(),
                ctx.alloc(),
                request,
                (ex, response) -> {
                    try {
                        sink.send(ex, response);
                    } finally {
                        request.release();
                    }
                },
                requestId,
                System.nanoTime(),
                System.currentTimeMillis(),
                sourceIp,
                tls,
                rawPath,
                path,
                QueryParams.EMPTY);
        exchange.webSocket(event);
        return exchange;
    }

    private void logAndMeasure(Exchange exchange) {
        RouteMeters meters = exchange.meters();
        (meters != null ? meters : state.unknown)
                .request(exchange.status(), exchange.endNanos() - exchange.startNanos(), 0, 0);
        AccessLogWriter accessLog = state.accessLogWriter(exchange);
        if (accessLog != null) {
            accessLog.log(exchange.accessLogFormat(), exchange);
        }
    }

    // --- frames to the client -------------------------------------------------------------------

    private void sendText(String text) {
        write(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Writes one message on the loop: as one frame up to the frame size (AWS's 32 KB), else as a
     * first frame and continuation frames of that size at most, as AWS sends larger messages.
     */
    private void write(byte[] message, boolean binary) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        int size = limits.maxFrameBytes();
        int first = Math.min(size, message.length);
        boolean last = first == message.length;
        ByteBuf head = Unpooled.wrappedBuffer(message, 0, first);
        ctx.write(binary ? new BinaryWebSocketFrame(last, 0, head) : new TextWebSocketFrame(last, 0, head));
        for (int at = first; at < message.length; at += size) {
            int length = Math.min(size, message.length - at);
            ctx.write(new ContinuationWebSocketFrame(
                    at + length == message.length, 0, Unpooled.wrappedBuffer(message, at, length)));
        }
        ctx.flush();
        active();
    }

    @Override
    public String sourceIp() {
        return sourceIp;
    }

    @Override
    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    @Override
    public long lastActiveAtMillis() {
        return lastActiveMillis;
    }

    @Override
    public void send(byte[] message, boolean binary) {
        ctx.executor().execute(() -> {
            sockets.message(namespace, api, stage, Runtime.CONNECTIONS, false, message.length);
            write(message, binary);
        });
    }

    @Override
    public void disconnect() {
        ctx.executor().execute(() -> close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), ""));
    }

    // --- the end --------------------------------------------------------------------------------

    /**
     * Sends a close frame with {@code code} and waits (at most {@link #CLOSE_LINGER_MILLIS}) for the
     * client's: closing at once with unread bytes would reset the connection, and the client would
     * never read the close code.
     */
    private void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code, reason));
            ctx.executor().schedule(() -> ctx.close(), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
            ctx.read();
        }
    }

    /** The idle and duration deadlines. */
    @Override
    public void run() {
        long now = System.nanoTime();
        if (now - lastActiveNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis())) {
            close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away");
        } else if (now - connectedAtNanos > TimeUnit.MILLISECONDS.toNanos(limits.maxDurationMillis())) {
            close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DrainEvent.INSTANCE) {
            close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Going away");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("WebSocket connection {} from {} failed: {}", connectionId, sourceIp, cause.toString());
        if (cause instanceof CorruptedWebSocketFrameException corrupt && corrupt.closeStatus() != null) {
            // A protocol violation the frame decoder found: 1002, or 1009 past the frame size.
            if (corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
                state.refusals.rejected(Refusals.Reason.BODY_TOO_LARGE, sourceIp, "WebSocket frame over 32 KB (1009)");
            }
            close(corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
            return;
        }
        closing = true;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended();
    }

    /** The connection is gone: unregistered, counted, and its {@code $disconnect} run (its answer unused). */
    private void ended() {
        if (gone) {
            return;
        }
        gone = true;
        closing = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (partial != null) {
            partial.release();
            partial = null;
        }
        sockets.registry().closed(namespace, connectionId);
        sockets.openOn(namespace, api, stage).decrementAndGet();
        Runtime runtime = state.holder.current();
        Runtime.WebSocketTarget target =
                runtime == null ? null : runtime.webSocketRoute(apiId, stage, WebSocketRouteConfig.DISCONNECT);
        if (target == null) {
            return;
        }
        String requestId = RequestIds.next();
        WebSocketEvent event = new WebSocketEvent(
                connectionId, connectedAtMillis, WebSocketEvent.DISCONNECT, null, WebSocketRouteConfig.DISCONNECT);
        Exchange exchange = exchange(event, requestId, new byte[0], false, (ex, response) -> {
            logAndMeasure(ex);
            response.release();
        });
        target.start(exchange);
    }
}
