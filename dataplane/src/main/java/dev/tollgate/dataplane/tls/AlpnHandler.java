package dev.tollgate.dataplane.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Consumer;

/**
 * After the TLS handshake, sets up the connection for the protocol ALPN chose: HTTP/1.1 gets the
 * plain listener's handlers; HTTP/2 gets a frame codec and, per stream, a child channel that turns
 * frames into the same HTTP objects and runs the same request handlers, so a request is served
 * identically over either protocol.
 */
public final class AlpnHandler extends ApplicationProtocolNegotiationHandler {
    private final Consumer<ChannelPipeline> http1;
    private final Consumer<ChannelPipeline> perStream;

    /**
     * @param http1 adds the HTTP/1.1 decoder, encoder and request handlers
     * @param perStream adds the request handlers (no codec) to an HTTP/2 stream's pipeline
     */
    public AlpnHandler(Consumer<ChannelPipeline> http1, Consumer<ChannelPipeline> perStream) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http1 = http1;
        this.perStream = perStream;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline()
                    .addLast(
                            Http2FrameCodecBuilder.forServer()
                                    .validateHeaders(true)
                                    .build(),
                            new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                @Override
                                protected void initChannel(Http2StreamChannel stream) {
                                    stream.pipeline()
                                            .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                                            .addLast(new ConversionHeaders());
                                    perStream.accept(stream.pipeline());
                                }
                            }));
            return;
        }
        http1.accept(ctx.pipeline());
    }

    /** Drops the {@code x-http2-*} headers Netty's conversion adds: they must not reach backends. */
    private static final class ConversionHeaders extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest request) {
                for (io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames name :
                        io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames.values()) {
                    request.headers().remove(name.text());
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
