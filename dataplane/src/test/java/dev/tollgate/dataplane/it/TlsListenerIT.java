package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.mapping;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.TlsClient;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.TruststoreConfig;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TLS listener: SNI across DomainNames, minimum versions, rotation and mutual TLS. */
class TlsListenerIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();
    private static final KeyMaterial KEYS = (ns, name, key) -> SECRETS.get(ns + "/" + name + "/" + key);
    private static final List<SelfSignedCertificate> CERTS = new ArrayList<>();

    private static SelfSignedCertificate alpha;
    private static SelfSignedCertificate beta;
    private static SelfSignedCertificate client;
    private static SelfSignedCertificate stranger;
    private static int tlsPort;

    private static SelfSignedCertificate cert(String host) throws Exception {
        SelfSignedCertificate c = new SelfSignedCertificate(host);
        CERTS.add(c);
        return c;
    }

    private static void secret(String name, SelfSignedCertificate c) throws IOException {
        SECRETS.put(
                "default/" + name + "/tls.crt",
                Files.readAllBytes(c.certificate().toPath()));
        SECRETS.put(
                "default/" + name + "/tls.key",
                Files.readAllBytes(c.privateKey().toPath()));
    }

    private static DomainConfig domain(String host, String secret, String hash, String min, TruststoreConfig trust) {
        return new DomainConfig(
                host, List.of(mapping("", "site", "prod")), new DomainTlsConfig(secret, hash, min, trust));
    }

    private static void serve(String alphaHash) {
        GatewayConfig config = dev.tollgate.dataplane.testing.TestConfigs.config(
                "default",
                List.of(
                        rest(
                                "site",
                                stage(
                                        "prod",
                                        route("GET", "/hello", mock("{\"hello\":true}")),
                                        route(
                                                "GET",
                                                "/whoami",
                                                dev.tollgate.dataplane.testing.TestConfigs.proxy(
                                                        dev.tollgate.dataplane.testing.TestConfigs.url(
                                                                GATEWAY.echoPort()),
                                                        "/whoami",
                                                        List.of(
                                                                new dev.tollgate.ir.ParameterMapping(
                                                                        dev.tollgate.ir.ParameterMapping.Target.HEADER,
                                                                        "x-client-dn",
                                                                        new dev.tollgate.ir.ParameterSource.Context(
                                                                                dev.tollgate.ir.ContextVariable
                                                                                        .IDENTITY_CLIENT_CERT_SUBJECT_DN)))))))),
                List.of(
                        domain("alpha.example.test", "alpha-tls", alphaHash, "TLSv1.2", null),
                        domain("beta.example.test", "beta-tls", "b1", "TLSv1.3", null),
                        domain(
                                "mtls.example.test",
                                "alpha-tls",
                                alphaHash,
                                "TLSv1.2",
                                new TruststoreConfig("clients", "ca.crt", "c1"))));
        GATEWAY.gateway().apply(List.of(config), KEYS);
    }

    @BeforeAll
    static void start() throws Exception {
        alpha = cert("alpha.example.test");
        beta = cert("beta.example.test");
        client = cert("client.example.test");
        stranger = cert("client.example.test");
        secret("alpha-tls", alpha);
        secret("beta-tls", beta);
        SECRETS.put(
                "default/clients/ca.crt",
                Files.readAllBytes(client.certificate().toPath()));
        GATEWAY.gateway().enableTls(0);
        serve("a1");
        // The TLS listener opens with the first served config.
        tlsPort = GATEWAY.gateway().httpsPort();
    }

    @AfterAll
    static void cleanUp() {
        CERTS.forEach(SelfSignedCertificate::delete);
    }

    /** The client certificate's key managers, or null to present none. */
    private static KeyManager[] keyManagers(SelfSignedCertificate clientCert) throws Exception {
        if (clientCert == null) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", clientCert.key(), new char[0], new X509Certificate[] {clientCert.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf.getKeyManagers();
    }

    private static SSLSocket connect(String sni, String protocol, SelfSignedCertificate clientCert) throws Exception {
        return TlsClient.connect(tlsPort, sni, protocol, keyManagers(clientCert));
    }

    private static String get(SSLSocket socket, String host) throws IOException {
        return get(socket, host, "/hello");
    }

    /** One GET on the open connection (left open): "status-line body". */
    private static String get(SSLSocket socket, String host, String path) throws IOException {
        RawHttp.Response r = new RawHttp(socket).send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        return r.statusLine() + " " + r.body();
    }

    private static X509Certificate peer(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    @Test
    void twoDomainsOnOneListenerAreChosenBySni() throws Exception {
        try (SSLSocket a = connect("alpha.example.test", null, null)) {
            assertThat(peer(a)).isEqualTo(alpha.cert());
            assertThat(get(a, "alpha.example.test")).isEqualTo("HTTP/1.1 200 OK {\"hello\":true}");
        }
        try (SSLSocket b = connect("beta.example.test", null, null)) {
            assertThat(peer(b)).isEqualTo(beta.cert());
            assertThat(b.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(get(b, "beta.example.test")).isEqualTo("HTTP/1.1 200 OK {\"hello\":true}");
        }
    }

    @Test
    void hostOtherThanTheSniNameIsRefused() throws Exception {
        // Domain fronting: a handshake for alpha must not reach beta's (or the default endpoint's) API.
        try (SSLSocket a = connect("alpha.example.test", null, null)) {
            assertThat(get(a, "beta.example.test")).startsWith("HTTP/1.1 403 Forbidden");
        }
        try (SSLSocket a = connect("alpha.example.test", null, null)) {
            assertThat(get(a, "site.default.execute-api.localhost", "/prod/hello"))
                    .startsWith("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void clientCertificateReachesTheBackendAsContextIdentity() throws Exception {
        try (SSLSocket good = connect("mtls.example.test", null, client)) {
            assertThat(get(good, "mtls.example.test", "/whoami"))
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("\"x-client-dn\":[\""
                            + client.cert().getSubjectX500Principal().getName() + "\"]");
        }
    }

    /** One GET over HTTP/2 (ALPN h2 only) with a real Netty HTTP/2 client: "protocol status body". */
    private static String h2Get(String sni, String authority, String path) throws Exception {
        io.netty.handler.ssl.SslContext ssl = io.netty.handler.ssl.SslContextBuilder.forClient()
                .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                        io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        "h2"))
                .build();
        io.netty.channel.EventLoopGroup group =
                new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
            io.netty.channel.Channel ch = new io.netty.bootstrap.Bootstrap()
                    .group(group)
                    .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                        @Override
                        protected void initChannel(io.netty.channel.socket.SocketChannel c) {
                            c.pipeline()
                                    .addLast(
                                            ssl.newHandler(c.alloc(), sni, tlsPort),
                                            io.netty.handler.codec.http2.Http2FrameCodecBuilder.forClient()
                                                    .build(),
                                            new io.netty.handler.codec.http2.Http2MultiplexHandler(
                                                    new io.netty.channel.ChannelInboundHandlerAdapter()));
                        }
                    })
                    .connect("127.0.0.1", tlsPort)
                    .sync()
                    .channel();
            io.netty.handler.ssl.SslHandler sslHandler = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            sslHandler.handshakeFuture().sync();
            String protocol = sslHandler.applicationProtocol();
            io.netty.handler.codec.http2.Http2StreamChannel stream =
                    new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(ch)
                            .handler(
                                    new io.netty.channel.ChannelInitializer<
                                            io.netty.handler.codec.http2.Http2StreamChannel>() {
                                        @Override
                                        protected void initChannel(io.netty.handler.codec.http2.Http2StreamChannel c) {
                                            c.pipeline()
                                                    .addLast(
                                                            new io.netty.handler.codec.http2
                                                                    .Http2StreamFrameToHttpObjectCodec(false),
                                                            new io.netty.handler.codec.http.HttpObjectAggregator(65536),
                                                            new io.netty.channel.SimpleChannelInboundHandler<
                                                                    io.netty.handler.codec.http.FullHttpResponse>() {
                                                                @Override
                                                                protected void channelRead0(
                                                                        io.netty.channel.ChannelHandlerContext ctx,
                                                                        io.netty.handler.codec.http.FullHttpResponse
                                                                                r) {
                                                                    result.complete(r.status()
                                                                                    .code() + " "
                                                                            + r.content()
                                                                                    .toString(StandardCharsets.UTF_8));
                                                                }
                                                            });
                                        }
                                    })
                            .open()
                            .sync()
                            .getNow();
            io.netty.handler.codec.http.FullHttpRequest request =
                    new io.netty.handler.codec.http.DefaultFullHttpRequest(
                            io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                            io.netty.handler.codec.http.HttpMethod.GET,
                            path);
            request.headers().set("host", authority);
            stream.writeAndFlush(request);
            String answer = result.get(5, java.util.concurrent.TimeUnit.SECONDS);
            ch.close();
            return protocol + " " + answer;
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void http2IsNegotiatedByAlpnAndServesTheSameRoutes() throws Exception {
        assertThat(h2Get("alpha.example.test", "alpha.example.test", "/hello")).isEqualTo("h2 200 {\"hello\":true}");
        assertThat(h2Get("alpha.example.test", "beta.example.test", "/hello")).startsWith("h2 403 ");
        // HTTP/2's conversion headers stay inside the gateway.
        assertThat(h2Get("alpha.example.test", "alpha.example.test", "/whoami"))
                .startsWith("h2 200 ")
                .contains("\"x-forwarded-proto\":[\"https\"]")
                .doesNotContain("x-http2-");
        // A client offering only HTTP/1.1 keeps it.
        try (SSLSocket a = connect("alpha.example.test", null, null)) {
            assertThat(get(a, "alpha.example.test")).isEqualTo("HTTP/1.1 200 OK {\"hello\":true}");
        }
    }

    @Test
    void unknownSniNameGetsNoHandshake() {
        assertThatThrownBy(() -> connect("unknown.example.test", null, null).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void tls11IsRefused() {
        assertThatThrownBy(() -> connect("alpha.example.test", "TLSv1.1", null).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void domainWithMinimumTls13RefusesTls12() throws Exception {
        assertThatThrownBy(() -> connect("beta.example.test", "TLSv1.2", null).close())
                .isInstanceOf(IOException.class);
        try (SSLSocket a = connect("alpha.example.test", "TLSv1.2", null)) {
            assertThat(a.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void mutualTlsAcceptsOnlyClientCertificatesOfItsTrustStore() throws Exception {
        try (SSLSocket good = connect("mtls.example.test", null, client)) {
            assertThat(get(good, "mtls.example.test")).isEqualTo("HTTP/1.1 200 OK {\"hello\":true}");
        }
        // With TLS 1.3 the server's verdict on the client certificate arrives after the handshake:
        // the refusal shows as a failed handshake or a closed connection on the first request.
        assertThatThrownBy(() -> {
                    try (SSLSocket none = connect("mtls.example.test", null, null)) {
                        String answer = get(none, "mtls.example.test");
                        throw new IOException("answered without a certificate: " + answer.startsWith("HTTP/1.1 200"));
                    }
                })
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("true"));
        assertThatThrownBy(() -> {
                    try (SSLSocket wrong = connect("mtls.example.test", null, stranger)) {
                        String answer = get(wrong, "mtls.example.test");
                        throw new IOException("answered a wrong certificate: " + answer.startsWith("HTTP/1.1 200"));
                    }
                })
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("true"));
    }

    @Test
    void rotationUnderLoadFailsNoHandshakeAndKeepsOpenConnections() throws Exception {
        SelfSignedCertificate next = cert("alpha.example.test");
        try (SSLSocket open = connect("alpha.example.test", null, null)) {
            assertThat(peer(open)).isEqualTo(alpha.cert());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger handshakes = new AtomicInteger();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        try (SSLSocket s = connect("alpha.example.test", null, null)) {
                            handshakes.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                });
                th.start();
                clients.add(th);
            }
            for (int round = 0; round < 6; round++) {
                SelfSignedCertificate use = round % 2 == 0 ? next : alpha;
                secret("alpha-tls", use);
                serve("rotation-" + round);
                int target = handshakes.get() + 10;
                while (handshakes.get() < target && failures.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            stop.set(true);
            for (Thread th : clients) {
                th.join();
            }
            assertThat(failures).isEmpty();
            assertThat(handshakes.get()).isGreaterThanOrEqualTo(60);
            // The connection opened before the rotations still serves, on its original certificate.
            assertThat(get(open, "alpha.example.test")).isEqualTo("HTTP/1.1 200 OK {\"hello\":true}");
            assertThat(peer(open)).isEqualTo(alpha.cert());
        }
        // The last round installed `alpha` again (round 5); round 4 used `next`: prove a new one shows.
        secret("alpha-tls", next);
        serve("rotation-final");
        try (SSLSocket after = connect("alpha.example.test", null, null)) {
            assertThat(peer(after)).isEqualTo(next.cert());
        }
        secret("alpha-tls", alpha);
        serve("a1");
    }
}
