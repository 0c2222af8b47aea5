package dev.tollgate.dataplane.testing;

import static dev.tollgate.dataplane.testing.TestConfigs.mapping;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;

import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A gateway on free ports with a TLS listener for one custom domain whose {@code POST /upload}
 * proxies to a {@link CountingBackend}, and HTTP/2 clients for it: TLS connections offering only
 * h2 (ALPN), with the test's handlers behind the TLS one.
 */
public final class H2Gateway implements AutoCloseable {
    private final String sni;
    private final SelfSignedCertificate cert;
    private final CountingBackend backend;
    private final GatewayExtension.Standalone started;
    private final EventLoopGroup clients;
    private final SslContext client;

    private H2Gateway(String sni, TrafficLimitsConfig limits) throws Exception {
        this.sni = sni;
        this.cert = new SelfSignedCertificate(sni);
        Map<String, byte[]> secrets = new ConcurrentHashMap<>();
        secrets.put(
                "default/h2-tls/tls.crt", Files.readAllBytes(cert.certificate().toPath()));
        secrets.put(
                "default/h2-tls/tls.key", Files.readAllBytes(cert.privateKey().toPath()));
        KeyMaterial keys = (ns, name, key) -> secrets.get(ns + "/" + name + "/" + key);
        this.backend = CountingBackend.start();
        this.started = GatewayExtension.standalone(o -> o.withLimits(limits));
        GatewayConfig config = TestConfigs.config(
                "default",
                List.of(rest(
                        "site",
                        stage("prod", route("POST", "/upload", proxy(url(backend.port()), "/upload", List.of()))))),
                List.of(new DomainConfig(
                        sni,
                        List.of(mapping("", "site", "prod")),
                        new DomainTlsConfig("h2-tls", "h1", "TLSv1.2", null))));
        gateway().enableTls(0);
        gateway().apply(List.of(config), keys);
        this.clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.client = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
    }

    /** Starts one serving {@code sni} with these limits. */
    public static H2Gateway start(String sni, TrafficLimitsConfig limits) throws Exception {
        return new H2Gateway(sni, limits);
    }

    public GatewayServer gateway() {
        return started.extension().gateway();
    }

    public String sni() {
        return sni;
    }

    /** A TLS connection offering only h2, with {@code handlers} behind the TLS one. */
    @SafeVarargs
    public final Channel connect(Supplier<ChannelHandler>... handlers) throws InterruptedException {
        int port = gateway().httpsPort();
        return new Bootstrap()
                .group(clients)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(client.newHandler(ch.alloc(), sni, port));
                        for (Supplier<ChannelHandler> handler : handlers) {
                            ch.pipeline().addLast(handler.get());
                        }
                    }
                })
                .connect("127.0.0.1", port)
                .sync()
                .channel();
    }

    @Override
    public void close() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        started.close();
        backend.close();
        cert.delete();
    }
}
