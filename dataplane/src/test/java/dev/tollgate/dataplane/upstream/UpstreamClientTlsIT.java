package dev.tollgate.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.net.Transport;
import dev.tollgate.dataplane.testing.TlsBackend;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** https backends: a self-signed certificate for {@code localhost}, made when the tests start. */
class UpstreamClientTlsIT {
    private static final long TIMEOUT = 10_000;

    private static EventLoopGroup group;
    private static TlsBackend backend;
    private static int port;

    private UpstreamClient client;

    @BeforeAll
    static void startTlsServer() throws Exception {
        group = Transport.best().newGroup(2, "upstream-tls-it");
        backend = TlsBackend.start(req -> "secure " + req.uri());
        port = backend.port();
    }

    @AfterAll
    static void stopTlsServer() {
        backend.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private UpstreamClient trustingTheTestCertificate() throws Exception {
        SslContext trusting = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(backend.certificate().cert())
                .build();
        client = new UpstreamClient(Transport.best(), UpstreamClientOptions.defaults(), trusting);
        return client;
    }

    private static FullHttpRequest get(String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set(HttpHeaderNames.HOST, "localhost");
        return r;
    }

    private static Throwable failureOf(Future<FullHttpResponse> future) throws Exception {
        try {
            FullHttpResponse unexpected = future.get(15, TimeUnit.SECONDS);
            unexpected.release();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void trustedCertificateMatchingTheHostServesRequestsOnOneConnectionWithSni() throws Exception {
        trustingTheTestCertificate();
        EventLoop loop = group.next();
        int before = backend.connections();
        UpstreamAddress address = UpstreamAddress.https("localhost", port);

        for (int i = 0; i < 3; i++) {
            FullHttpResponse r =
                    client.send(loop, address, get("/tls/" + i), TIMEOUT).get(15, TimeUnit.SECONDS);
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("secure /tls/" + i);
            r.release();
        }

        assertThat(backend.connections() - before).isEqualTo(1);
        assertThat(backend.serverNames()).contains("localhost");
    }

    @Test
    void certificateNotMatchingTheHostFailsConnectFailed() throws Exception {
        trustingTheTestCertificate();
        // The certificate names localhost; the address names the IP, so hostname verification refuses.
        Throwable e = failureOf(client.send(group.next(), UpstreamAddress.https("127.0.0.1", port), get("/"), TIMEOUT));

        assertThat(e).isInstanceOf(UpstreamException.class);
        assertThat(((UpstreamException) e).kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(e.getMessage()).contains("subject alternative names");
    }

    @Test
    void certificateOutsideTheDefaultTrustStoreFailsConnectFailed() throws Exception {
        client = new UpstreamClient(Transport.best(), UpstreamClientOptions.defaults());
        Throwable e = failureOf(client.send(group.next(), UpstreamAddress.https("localhost", port), get("/"), TIMEOUT));

        assertThat(e).isInstanceOf(UpstreamException.class);
        assertThat(((UpstreamException) e).kind()).isEqualTo(UpstreamException.Kind.CONNECT_FAILED);
        assertThat(e.getMessage())
                .contains("cannot connect to https://localhost:" + port)
                .contains("PKIX path building failed");
    }
}
