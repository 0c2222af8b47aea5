package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.tls.HandshakeGuard;
import dev.tollgate.dataplane.tls.TlsInfo;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.Mapping;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * The one place that says which handlers a traffic connection has, in order, for each kind of
 * channel; a request is served identically whichever way it came:
 *
 * <pre>
 * plain listener        read-gate → decoder → encoder → guard → exchange
 * TLS listener          sni → tls-guard → alpn, and once the handshake is done, by ALPN's choice:
 *   http/1.1            … → read-gate → decoder → encoder → guard → exchange
 *   h2                  … → h2 → h2-streams → h2-idle, and per stream (a child channel):
 *                                 h2-to-http → h2-headers → guard → exchange
 * </pre>
 *
 * <ul>
 *   <li>{@value #GATE}: lets the socket be read only when the exchange handler wants bytes
 *       (connections are accepted with auto-read off);
 *   <li>{@value #DECODER}: HTTP/1.1 framing, stricter than Netty's (smuggling shapes fail); holds
 *       a pipelined request back until its turn;
 *   <li>{@value #ENCODER}: writes responses;
 *   <li>{@value #SNI}: reads the ClientHello (at most {@value #MAX_CLIENT_HELLO_BYTES} bytes, so a
 *       hello announcing megabytes costs nothing), picks the custom domain's certificate by its SNI
 *       name (a name without one gets no handshake) and becomes the TLS handler; the whole
 *       handshake has the TLS handshake deadline;
 *   <li>{@value #TLS_GUARD}: a failed handshake closes the connection instead of reaching HTTP;
 *       counted, and a deadline counted as a timeout;
 *   <li>{@value #ALPN}: after the handshake, reads the connection's {@link TlsInfo} once and builds
 *       the rest for the protocol ALPN chose;
 *   <li>{@value #H2} / {@value #H2_STREAMS}: HTTP/2 frames with a bounded MAX_CONCURRENT_STREAMS
 *       (a stream past it is refused, RFC 9113 5.1.2), and one child channel per stream, read only
 *       as its body is consumed, so its flow-control window opens only then;
 *   <li>{@value #H2_IDLE}: closes an HTTP/2 connection without a stream for the idle timeout;
 *   <li>{@value #H2_TO_HTTP} / {@value #H2_HEADERS}: a stream's frames as the HTTP/1.1 objects the
 *       request handlers take, minus the conversion's own headers (they must not reach backends);
 *   <li>{@value #GUARD}: refuses what a gateway must not forward (AWS's 400/414/431);
 *   <li>{@value #EXCHANGE}: one request at a time on the runtime served at its start, its body read
 *       only as a step or the backend takes it, and the connection's deadlines.
 * </ul>
 */
final class TrafficPipeline {
    static final String GATE = "read-gate";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String SNI = "sni";
    static final String TLS_GUARD = "tls-guard";
    static final String ALPN = "alpn";
    static final String H2 = "h2";
    static final String H2_STREAMS = "h2-streams";
    static final String H2_IDLE = "h2-idle";
    static final String H2_TO_HTTP = "h2-to-http";
    static final String H2_HEADERS = "h2-headers";
    static final String GUARD = "guard";
    static final String EXCHANGE = "exchange";

    /** Largest ClientHello read (Netty's advisory for CVE-2023-34462); real ones are a few KiB. */
    static final int MAX_CLIENT_HELLO_BYTES = 16 * 1024;

    /** HTTP/2 header list cap: the HTTP/1.1 header cap plus RFC 9113's 32 bytes per field. */
    static final int MAX_H2_HEADER_LIST = Limits.MAX_HEADER_BYTES + 32 * Limits.MAX_HEADER_COUNT;

    private final ServerState state;
    private final Mapping<String, SslContext> certificates;

    /**
     * @param state what every connection's exchange handler shares
     * @param certificates the custom domains' TLS contexts by SNI name
     */
    TrafficPipeline(ServerState state, Mapping<String, SslContext> certificates) {
        this.state = state;
        this.certificates = certificates;
    }

    /** A connection of the plain listener (accepted with auto-read off). */
    void plain(Channel channel) {
        http1(channel.pipeline(), null);
    }

    /** A connection of the TLS listener: the rest is built when the handshake is done. */
    void tls(Channel channel) {
        String clientIp = RequestGuardHandler.remoteIp(channel);
        channel.pipeline()
                .addLast(
                        SNI,
                        new SniHandler(
                                certificates,
                                MAX_CLIENT_HELLO_BYTES,
                                state.limits().tlsHandshakeTimeoutMillis()))
                .addLast(TLS_GUARD, new HandshakeGuard(cause -> handshakeFailed(clientIp, cause)))
                .addLast(ALPN, new Alpn());
        // Auto-read is off: the TLS handlers read on their own once the first bytes are in.
        channel.read();
    }

    private void handshakeFailed(String clientIp, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            state.refusals.timedOut(Refusals.Timeout.TLS_HANDSHAKE, clientIp);
        } else if (cause instanceof TooLongFrameException
                || (cause instanceof DecoderException && cause.getCause() instanceof TooLongFrameException)) {
            state.refusals.rejected(Refusals.Reason.TLS_CLIENT_HELLO_TOO_LONG, clientIp, "ClientHello too long");
        } else if (!(cause instanceof ClosedChannelException)) {
            state.refusals.rejected(
                    Refusals.Reason.TLS_HANDSHAKE,
                    clientIp,
                    cause == null ? "handshake failed" : cause.getClass().getSimpleName());
        }
    }

    private void http1(ChannelPipeline pipeline, TlsInfo tls) {
        ExchangeHandler exchange = new ExchangeHandler(state, tls, false);
        ReadGate gate = new ReadGate(exchange);
        StrictRequestDecoder decoder = new StrictRequestDecoder(exchange::busy);
        exchange.decoder(decoder, gate);
        pipeline.addLast(GATE, gate)
                .addLast(DECODER, decoder)
                .addLast(ENCODER, new HttpResponseEncoder())
                .addLast(GUARD, new RequestGuardHandler(state.refusals))
                .addLast(EXCHANGE, exchange);
    }

    private void http2(ChannelPipeline pipeline, TlsInfo tls) {
        // The connection reads its frames freely: each stream's window bounds what it may send,
        // and a window opens only as its stream's handler reads (stream channels have auto-read off).
        pipeline.channel().config().setAutoRead(true);
        TrafficLimits limits = state.limits();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(MAX_H2_HEADER_LIST);
        String clientIp = RequestGuardHandler.remoteIp(pipeline.channel());
        pipeline.addLast(
                        H2,
                        Http2FrameCodecBuilder.forServer()
                                .validateHeaders(true)
                                .initialSettings(settings)
                                .frameLogger(new RefusedStreams(state.refusals, clientIp))
                                .build())
                .addLast(H2_STREAMS, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.config().setAutoRead(false);
                        http2Stream(stream.pipeline(), tls);
                    }
                }))
                .addLast(H2_IDLE, new Http2Idle(state, clientIp));
    }

    private void http2Stream(ChannelPipeline pipeline, TlsInfo tls) {
        pipeline.addLast(H2_TO_HTTP, new Http2StreamFrameToHttpObjectCodec(true))
                .addLast(H2_HEADERS, new ConversionHeaders())
                .addLast(GUARD, new RequestGuardHandler(state.refusals))
                .addLast(EXCHANGE, new ExchangeHandler(state, tls, true));
    }

    /** After the handshake: the connection's TLS facts, then the handlers of the protocol ALPN chose. */
    private final class Alpn extends ApplicationProtocolNegotiationHandler {
        Alpn() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            TlsInfo tls =
                    TlsInfo.of(ctx.pipeline().get(SslHandler.class).engine().getSession());
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                http2(ctx.pipeline(), tls);
            } else {
                http1(ctx.pipeline(), tls);
            }
        }
    }

    /** Drops the {@code x-http2-*} headers Netty's conversion adds: they must not reach backends. */
    private static final class ConversionHeaders extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
                    request.headers().remove(name.text());
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Counts the streams the codec refuses (RST_STREAM REFUSED_STREAM, a stream past
     * MAX_CONCURRENT_STREAMS); otherwise the frame logger it is, at TRACE.
     */
    private static final class RefusedStreams extends Http2FrameLogger {
        private final Refusals refusals;
        private final String clientIp;

        RefusedStreams(Refusals refusals, String clientIp) {
            super(LogLevel.TRACE, RefusedStreams.class);
            this.refusals = refusals;
            this.clientIp = clientIp;
        }

        @Override
        public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
            if (direction == Direction.OUTBOUND && errorCode == Http2Error.REFUSED_STREAM.code()) {
                refusals.rejected(
                        Refusals.Reason.H2_REFUSED_STREAM, clientIp, "stream past MAX_CONCURRENT_STREAMS refused");
            }
            super.logRstStream(direction, ctx, streamId, errorCode);
        }
    }

    /** Closes an HTTP/2 connection (GOAWAY) that has had no open stream for the idle timeout. */
    private static final class Http2Idle extends ChannelInboundHandlerAdapter implements Runnable {
        private final ServerState state;
        private final String clientIp;
        private ChannelHandlerContext ctx;
        private Http2FrameCodec codec;
        private ScheduledFuture<?> ticker;
        private long idleSince = System.nanoTime();

        Http2Idle(ServerState state, String clientIp) {
            this.state = state;
            this.clientIp = clientIp;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            this.codec = ctx.pipeline().get(Http2FrameCodec.class);
            long tick = state.limits().tickMillis();
            ticker = ctx.executor().scheduleAtFixedRate(this, tick, tick, TimeUnit.MILLISECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            ticker.cancel(false);
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (codec.connection().numActiveStreams() > 0) {
                idleSince = now;
            } else if (now - idleSince
                    > TimeUnit.MILLISECONDS.toNanos(state.limits().idleTimeoutMillis())) {
                ticker.cancel(false);
                state.refusals.timedOut(Refusals.Timeout.H2_IDLE, clientIp);
                ctx.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == DrainEvent.INSTANCE && codec.connection().numActiveStreams() == 0) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }
}
