package dev.tollgate.dataplane.testing;

import dev.tollgate.dataplane.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An https backend on a free port of 127.0.0.1 with a self-signed certificate for {@code
 * localhost}, made at start: it answers every request 200 with the body its function gives, and
 * records the SNI names clients sent and how many connections it accepted.
 */
public final class TlsBackend implements AutoCloseable {
    private final SelfSignedCertificate certificate;
    private final EventLoopGroup group;
    private final Channel server;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private TlsBackend(Function<FullHttpRequest, String> body) throws Exception {
        certificate = new SelfSignedCertificate("localhost");
        SslContext context = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey())
                .sslProvider(SslProvider.JDK)
                .build();
        group = Transport.best().newGroup(1, "test-tls-backend");
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(Transport.best().serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.incrementAndGet();
                            ch.pipeline()
                                    .addLast(new SniHandler(name -> {
                                        serverNames.add(String.valueOf(name));
                                        return context;
                                    }))
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(1024 * 1024))
                                    .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            FullHttpResponse res = new DefaultFullHttpResponse(
                                                    HttpVersion.HTTP_1_1,
                                                    HttpResponseStatus.OK,
                                                    Unpooled.copiedBuffer(body.apply(req), StandardCharsets.UTF_8));
                                            HttpUtil.setContentLength(
                                                    res, res.content().readableBytes());
                                            ctx.writeAndFlush(res);
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", 0)
                    .sync()
                    .channel();
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            certificate.delete();
            throw e;
        }
    }

    /** Starts a backend answering each request with {@code body}'s text. */
    public static TlsBackend start(Function<FullHttpRequest, String> body) throws Exception {
        return new TlsBackend(body);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The backend's certificate (and key). */
    public SelfSignedCertificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, as a CA bundle Secret would hold it. */
    public byte[] certificatePem() throws Exception {
        return Files.readAllBytes(certificate.certificate().toPath());
    }

    /** The SNI names clients sent, in order. */
    public List<String> serverNames() {
        return serverNames;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        certificate.delete();
    }
}
