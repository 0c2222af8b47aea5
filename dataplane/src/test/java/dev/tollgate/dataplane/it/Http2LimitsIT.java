package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.mapping;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.CountingBackend;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.TestConfigs;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2's MAX_CONCURRENT_STREAMS (2 here): the gateway announces it in its SETTINGS, Netty's
 * client honours it (a third stream is not opened until one ends), and a client that ignores it
 * gets its extra stream refused with RST_STREAM REFUSED_STREAM (RFC 9113 5.1.2), counted, while
 * its other streams go on.
 */
class Http2LimitsIT {
    private static final String SNI = "h2.example.test";
    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();
    private static final KeyMaterial KEYS = (ns, name, key) -> SECRETS.get(ns + "/" + name + "/" + key);

    private static SelfSignedCertificate cert;
    private static CountingBackend backend;
    private static GatewayExtension.Standalone started;
    private static GatewayServer gateway;
    private static EventLoopGroup clients;
    private static SslContext h2Client;

    @BeforeAll
    static void start() throws Exception {
        cert = new SelfSignedCertificate(SNI);
        SECRETS.put(
                "default/h2-tls/tls.crt", Files.readAllBytes(cert.certificate().toPath()));
        SECRETS.put(
                "default/h2-tls/tls.key", Files.readAllBytes(cert.privateKey().toPath()));
        backend = CountingBackend.start();
        started = GatewayExtension.standalone(
                o -> o.withLimits(new TrafficLimitsConfig(null, null, null, null, null, null, 2, null)));
        gateway = started.extension().gateway();
        GatewayConfig config = TestConfigs.config(
                "default",
                List.of(rest(
                        "site",
                        stage("prod", route("POST", "/upload", proxy(url(backend.port()), "/upload", List.of()))))),
                List.of(new DomainConfig(
                        SNI,
                        List.of(mapping("", "site", "prod")),
                        new DomainTlsConfig("h2-tls", "h1", "TLSv1.2", null))));
        gateway.enableTls(0);
        gateway.apply(List.of(config), KEYS);
        clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        h2Client = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
    }

    @AfterAll
    static void stop() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        started.close();
        backend.close();
        cert.delete();
    }

    private static HttpRequest upload() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
        request.headers().set(HttpHeaderNames.HOST, SNI).setInt(HttpHeaderNames.CONTENT_LENGTH, 4);
        return request;
    }

    /** A TLS connection offering only h2 to the gateway, with {@code handlers} behind the TLS one. */
    @SafeVarargs
    private static Channel connect(Supplier<ChannelHandler>... handlers) throws InterruptedException {
        return new Bootstrap()
                .group(clients)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(h2Client.newHandler(ch.alloc(), SNI, gateway.httpsPort()));
                        for (Supplier<ChannelHandler> handler : handlers) {
                            ch.pipeline().addLast(handler.get());
                        }
                    }
                })
                .connect("127.0.0.1", gateway.httpsPort())
                .sync()
                .channel();
    }

    /** A stream whose answer (status and body) completes {@code answer}. */
    private static Http2StreamChannel stream(Channel connection, CompletableFuture<String> answer) throws Exception {
        return new Http2StreamChannelBootstrap(connection)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new Http2StreamFrameToHttpObjectCodec(false),
                                        new HttpObjectAggregator(65536),
                                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                                answer.complete(r.status().code() + " "
                                                        + r.content().toString(StandardCharsets.UTF_8));
                                            }
                                        });
                    }
                })
                .open()
                .sync()
                .getNow();
    }

    @Test
    void settingsAnnounceTheStreamLimitAndNettysClientHonoursIt() throws Exception {
        Channel connection = connect(
                () -> Http2FrameCodecBuilder.forClient().build(),
                () -> new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        try {
            connection.pipeline().get(SslHandler.class).handshakeFuture().sync();
            Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
            Await.until(
                    "the gateway's SETTINGS are applied",
                    () -> codec.connection().local().maxActiveStreams() == 2);

            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            Http2StreamChannel a = stream(connection, first);
            Http2StreamChannel b = stream(connection, second);
            a.writeAndFlush(upload()).sync();
            b.writeAndFlush(upload()).sync();

            // Two streams are open (their bodies pending): the client will not open a third.
            CompletableFuture<String> third = new CompletableFuture<>();
            Http2StreamChannel c = stream(connection, third);
            ChannelFuture refused = c.writeAndFlush(upload()).await();
            assertThat(refused.isSuccess()).isFalse();
            assertThat(refused.cause()).hasMessageContaining("Maximum active streams");

            a.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer("abcd", StandardCharsets.UTF_8)));
            b.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer("efgh", StandardCharsets.UTF_8)));
            assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("200 {\"bytes\":4}");
            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("200 {\"bytes\":4}");

            // With the streams done, a new one is served.
            Await.until("the streams are closed", () -> codec.connection().numActiveStreams() == 0);
            CompletableFuture<String> fourth = new CompletableFuture<>();
            Http2StreamChannel d = stream(connection, fourth);
            d.write(upload());
            d.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer("ijkl", StandardCharsets.UTF_8)));
            assertThat(fourth.get(20, TimeUnit.SECONDS)).isEqualTo("200 {\"bytes\":4}");
        } finally {
            connection.close().sync();
        }
    }

    @Test
    void streamPastTheLimitFromAClientIgnoringItIsRefusedWithRefusedStream() throws Exception {
        CompletableFuture<long[]> reset = new CompletableFuture<>();
        Channel connection = connect(() -> new RawFrames(reset));
        try {
            long[] rst = reset.get(20, TimeUnit.SECONDS);
            assertThat(rst[0]).as("stream refused").isEqualTo(5);
            assertThat(rst[1]).as("error code").isEqualTo(Http2Error.REFUSED_STREAM.code());
            Await.until("the refusal is counted", () -> gateway.metrics()
                    .scrape()
                    .contains("tollgate_connections_rejected_total{reason=\"h2-refused-stream\"} 1.0"));
            assertThat(connection.isActive()).as("the connection goes on").isTrue();
        } finally {
            connection.close().sync();
        }
    }

    /**
     * A client that writes frames itself with Netty's frame writer: once the server's SETTINGS are
     * in, it opens streams 1, 3 and 5 (headers only, bodies pending) regardless of the limit, and
     * reports the first RST_STREAM it gets.
     */
    private static final class RawFrames extends ByteToMessageDecoder {
        private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
        private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
        private final CompletableFuture<long[]> reset;
        private boolean prefaceSent;

        RawFrames(CompletableFuture<long[]> reset) {
            this.reset = reset;
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
                    for (int stream = 1; stream <= 5; stream += 2) {
                        Http2Headers headers = new DefaultHttp2Headers()
                                .method("POST")
                                .scheme("https")
                                .authority(SNI)
                                .path("/upload")
                                .setInt("content-length", 4);
                        writer.writeHeaders(c, stream, headers, 0, false, c.newPromise());
                    }
                    c.flush();
                }

                @Override
                public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
                    reset.complete(new long[] {streamId, errorCode});
                }
            });
        }
    }
}
