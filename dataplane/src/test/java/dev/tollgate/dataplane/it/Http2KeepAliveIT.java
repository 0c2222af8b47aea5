package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.H2Gateway;
import dev.tollgate.ir.TrafficLimitsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 keep-alive and control frame floods on real TLS connections from Netty's HTTP/2 client
 * codec (and a client writing frames itself): the gateway PINGs a silent connection and keeps it
 * while the client acknowledges, closes one that does not, and answers a client sending more PING
 * frames a second than allowed with GOAWAY ENHANCE_YOUR_CALM. PING interval 300 ms, PING timeout
 * 500 ms and 20 control frames a second here.
 */
class Http2KeepAliveIT {
    private static final String SNI = "h2ping.example.test";
    private static H2Gateway h2;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        h2 = H2Gateway.start(
                SNI, new TrafficLimitsConfig(null, null, null, null, null, null, null, null, 300L, 500L, 20));
        gateway = h2.gateway();
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    @SafeVarargs
    private static Channel connect(Supplier<ChannelHandler>... handlers) throws InterruptedException {
        return h2.connect(handlers);
    }

    private static boolean scraped(String line) {
        return gateway.metrics().scrape().contains(line);
    }

    @Test
    void aSilentConnectionIsPingedAndKeptWhileTheClientAcknowledges() throws Exception {
        AtomicInteger pings = new AtomicInteger();
        // Netty's client codec acknowledges every PING itself and passes the frame on.
        Channel connection = connect(
                () -> Http2FrameCodecBuilder.forClient().build(),
                () -> new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                () -> new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Http2PingFrame ping && !ping.ack()) {
                            pings.incrementAndGet();
                        }
                        ctx.fireChannelRead(msg);
                    }
                });
        try {
            connection.pipeline().get(SslHandler.class).handshakeFuture().sync();
            Await.until("the gateway has pinged the silent connection three times", () -> pings.get() >= 3);
            assertThat(connection.isActive())
                    .as("an acknowledging client keeps its connection")
                    .isTrue();
        } finally {
            connection.close().sync();
        }
    }

    @Test
    void aConnectionThatNeverAcknowledgesThePingIsClosedAndCounted() throws Exception {
        CompletableFuture<Long> pinged = new CompletableFuture<>();
        Channel connection = connect(() -> new RawFrames(ctx -> {}, pinged, new CompletableFuture<>()));
        long ping = pinged.get(20, TimeUnit.SECONDS);
        assertThat(ping).as("the gateway's PING payload").isNotZero();
        assertThat(connection.closeFuture().await(20, TimeUnit.SECONDS))
                .as("closed without the ACK")
                .isTrue();
        Await.until("the timeout is counted", () -> scraped("tollgate_client_timeouts_total{kind=\"h2-ping\"} "));
    }

    @Test
    void aPingFloodGetsGoawayEnhanceYourCalmAndTheConnectionClosed() throws Exception {
        CompletableFuture<Long> goAway = new CompletableFuture<>();
        Channel connection = connect(() -> new RawFrames(
                ctx -> {
                    DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
                    for (int i = 1; i <= 200; i++) {
                        writer.writePing(ctx, false, i, ctx.newPromise());
                    }
                    ctx.flush();
                },
                new CompletableFuture<>(),
                goAway));
        assertThat(goAway.get(20, TimeUnit.SECONDS)).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
        assertThat(connection.closeFuture().await(20, TimeUnit.SECONDS)).isTrue();
        Await.until(
                "the flood is counted",
                () -> scraped("tollgate_connections_rejected_total{reason=\"h2-control-flood\"} 1.0"));
    }

    /**
     * A client writing frames itself with Netty's frame writer: the preface and its SETTINGS, an
     * ACK of the gateway's SETTINGS, then {@code afterSettings}; it never acknowledges a PING,
     * reports the first PING's payload and the first GOAWAY's error code.
     */
    private static final class RawFrames extends ByteToMessageDecoder {
        private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
        private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
        private final Consumer<ChannelHandlerContext> afterSettings;
        private final CompletableFuture<Long> pinged;
        private final CompletableFuture<Long> goAway;
        private boolean prefaceSent;
        private boolean settled;

        RawFrames(
                Consumer<ChannelHandlerContext> afterSettings,
                CompletableFuture<Long> pinged,
                CompletableFuture<Long> goAway) {
            this.afterSettings = afterSettings;
            this.pinged = pinged;
            this.goAway = goAway;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                ctx.write(Http2CodecUtil.connectionPrefaceBuf());
                writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
                ctx.flush();
                prefaceSent = true;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (!prefaceSent) {
                return;
            }
            reader.readFrame(ctx, in, new Http2FrameAdapter() {
                @Override
                public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
                    writer.writeSettingsAck(c, c.newPromise());
                    c.flush();
                    if (!settled) {
                        settled = true;
                        afterSettings.accept(c);
                    }
                }

                @Override
                public void onPingRead(ChannelHandlerContext c, long data) {
                    pinged.complete(data);
                }

                @Override
                public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debug) {
                    goAway.complete(errorCode);
                }
            });
        }
    }
}
