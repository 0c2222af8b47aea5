package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.tls.HandshakeGuard;
import dev.tollgate.dataplane.tls.TlsInfo;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;

/**
 * The one place that says which handlers a traffic connection has, in order, for each kind of
 * channel; a request is served identically whichever way it came:
 *
 * <pre>
 * plain listener        decoder → encoder → guard → aggregator → exchange
 * TLS listener          sni → tls-guard → alpn, and once the handshake is done, by ALPN's choice:
 *   http/1.1            … → decoder → encoder → guard → aggregator → exchange
 *   h2                  … → h2 → h2-streams, and per stream (a child channel):
 *                                 h2-to-http → h2-headers → guard → aggregator → exchange
 * </pre>
 *
 * <ul>
 *   <li>{@value #DECODER}: HTTP/1.1 framing, stricter than Netty's (smuggling shapes fail);
 *   <li>{@value #ENCODER}: writes responses;
 *   <li>{@value #SNI}: picks the custom domain's certificate by the ClientHello's SNI name (a name
 *       without one gets no handshake) and becomes the TLS handler;
 *   <li>{@value #TLS_GUARD}: a failed handshake closes the connection instead of reaching HTTP;
 *   <li>{@value #ALPN}: after the handshake, reads the connection's {@link TlsInfo} once and builds
 *       the rest for the protocol ALPN chose;
 *   <li>{@value #H2} / {@value #H2_STREAMS}: HTTP/2 frames, and one child channel per stream;
 *   <li>{@value #H2_TO_HTTP} / {@value #H2_HEADERS}: a stream's frames as the HTTP/1.1 objects the
 *       request handlers take, minus the conversion's own headers (they must not reach backends);
 *   <li>{@value #GUARD}: refuses what a gateway must not forward (AWS's 400/414/431), before any
 *       body is buffered;
 *   <li>{@value #AGGREGATOR}: the body, up to AWS's 10 MB payload limit (413 past it);
 *   <li>{@value #EXCHANGE}: one request at a time on the runtime served at its start, responses in
 *       request order.
 * </ul>
 */
final class TrafficPipeline {
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String SNI = "sni";
    static final String TLS_GUARD = "tls-guard";
    static final String ALPN = "alpn";
    static final String H2 = "h2";
    static final String H2_STREAMS = "h2-streams";
    static final String H2_TO_HTTP = "h2-to-http";
    static final String H2_HEADERS = "h2-headers";
    static final String GUARD = "guard";
    static final String AGGREGATOR = "aggregator";
    static final String EXCHANGE = "exchange";

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

    /** A connection of the plain listener. */
    void plain(Channel channel) {
        http1(channel.pipeline(), null);
    }

    /** A connection of the TLS listener: the rest is built when the handshake is done. */
    void tls(Channel channel) {
        channel.pipeline()
                .addLast(SNI, new SniHandler(certificates))
                .addLast(TLS_GUARD, new HandshakeGuard())
                .addLast(ALPN, new Alpn());
    }

    private void http1(ChannelPipeline pipeline, TlsInfo tls) {
        pipeline.addLast(DECODER, new StrictRequestDecoder()).addLast(ENCODER, new HttpResponseEncoder());
        requestHandlers(pipeline, tls);
    }

    private void http2(ChannelPipeline pipeline, TlsInfo tls) {
        pipeline.addLast(
                        H2,
                        Http2FrameCodecBuilder.forServer().validateHeaders(true).build())
                .addLast(H2_STREAMS, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        http2Stream(stream.pipeline(), tls);
                    }
                }));
    }

    private void http2Stream(ChannelPipeline pipeline, TlsInfo tls) {
        pipeline.addLast(H2_TO_HTTP, new Http2StreamFrameToHttpObjectCodec(true))
                .addLast(H2_HEADERS, new ConversionHeaders());
        requestHandlers(pipeline, tls);
    }

    /** What every request passes, whatever its protocol. */
    private void requestHandlers(ChannelPipeline pipeline, TlsInfo tls) {
        pipeline.addLast(GUARD, new RequestGuardHandler())
                .addLast(AGGREGATOR, new LimitedAggregator(Limits.MAX_BODY_BYTES))
                .addLast(EXCHANGE, new ExchangeHandler(state, tls));
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
}
