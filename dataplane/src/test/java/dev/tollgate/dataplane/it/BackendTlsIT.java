package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.UrlUpstreamConfig;
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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** https Integrations verified against their own CA bundle from a Secret. */
class BackendTlsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "tls.default.execute-api.localhost";
    private static SelfSignedCertificate backendCert;
    private static SelfSignedCertificate otherCert;
    private static EventLoopGroup group;
    private static Channel server;

    private static HttpIntegrationConfig https(String name, int port) {
        return new HttpIntegrationConfig(
                name,
                true,
                "ANY",
                new UrlUpstreamConfig("https", "localhost", port),
                "/",
                5000,
                List.of(),
                null,
                PassthroughBehavior.WHEN_NO_MATCH,
                List.of());
    }

    @BeforeAll
    static void start() throws Exception {
        backendCert = new SelfSignedCertificate("localhost");
        otherCert = new SelfSignedCertificate("localhost");
        SslContext serverContext = SslContextBuilder.forServer(backendCert.certificate(), backendCert.privateKey())
                .sslProvider(SslProvider.JDK)
                .build();
        group = Transport.best().newGroup(1, "backend-tls-it");
        server = new ServerBootstrap()
                .group(group)
                .channel(Transport.best().serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(serverContext.newHandler(ch.alloc()))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        FullHttpResponse res = new DefaultFullHttpResponse(
                                                HttpVersion.HTTP_1_1,
                                                HttpResponseStatus.OK,
                                                Unpooled.copiedBuffer("{\"secure\":true}", StandardCharsets.UTF_8));
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
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        Map<String, byte[]> secrets = Map.of(
                "default/backend-ca/ca.crt",
                        Files.readAllBytes(backendCert.certificate().toPath()),
                "default/other-ca/ca.crt",
                        Files.readAllBytes(otherCert.certificate().toPath()));
        KeyMaterial keys = (ns, name, key) -> secrets.get(ns + "/" + name + "/" + key);
        GatewayConfig config = new GatewayConfig(
                GatewayConfig.SCHEMA_VERSION,
                "tls",
                "default",
                null,
                List.of(rest(
                        "tls",
                        stage(
                                "prod",
                                route("GET", "/trusted", https("trusted", port)),
                                route("GET", "/wrong-ca", https("wrong-ca", port)),
                                route("GET", "/default-trust", https("default-trust", port)),
                                route("GET", "/missing-bundle", https("missing-bundle", port))))),
                List.of(),
                List.of(
                        new BackendTlsConfig("missing-bundle", "nope", "ca.crt", "h0"),
                        new BackendTlsConfig("trusted", "backend-ca", "ca.crt", "h1"),
                        new BackendTlsConfig("wrong-ca", "other-ca", "ca.crt", "h2")));
        GATEWAY.gateway().apply(List.of(config), keys);
    }

    @AfterAll
    static void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        backendCert.delete();
        otherCert.delete();
    }

    @Test
    void backendSignedByTheBundleIsServed() throws Exception {
        RawHttp.Response r = GATEWAY.get(HOST, "/prod/trusted");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"secure\":true}");
    }

    @Test
    void backendNotSignedByTheBundleIsRefused() throws Exception {
        assertThat(GATEWAY.get(HOST, "/prod/wrong-ca").status()).isEqualTo(502);
    }

    @Test
    void withoutABundleTheDefaultTrustStoreRefusesASelfSignedBackend() throws Exception {
        assertThat(GATEWAY.get(HOST, "/prod/default-trust").status()).isEqualTo(502);
    }

    @Test
    void anUnreadableBundleNeverFallsBackToTheDefaultTrust() throws Exception {
        assertThat(GATEWAY.get(HOST, "/prod/missing-bundle").status()).isEqualTo(502);
    }
}
