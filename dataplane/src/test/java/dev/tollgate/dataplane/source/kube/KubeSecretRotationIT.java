package dev.tollgate.dataplane.source.kube;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mapping;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.dataplane.server.GatewayServer;
import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.TlsClient;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-mode key material against Fabric8's mock API server: the published ConfigMap names a
 * DomainName with TLS, the data plane's Secret carries its certificate under {@code
 * <secretName>.<key>}; the TLS listener presents it to an SNI client, and presents the new one after
 * the Secret is updated, without a restart.
 */
class KubeSecretRotationIT {
    static final String NS = "team";
    static final String HOST = "shop.example.test";
    static final String CONFIG_MAP = "tollgate-gw-config";
    static final String SECRET = "tollgate-gw-secrets";

    static final GatewayConfig CONFIG = config(
            NS,
            List.of(rest("site", stage("prod", route("GET", "/hello", mock("{\"hello\":true}"))))),
            List.of(new DomainConfig(
                    HOST,
                    List.of(mapping("", "site", "prod")),
                    new DomainTlsConfig("shop-tls", "h1", "TLSv1.2", null))));

    static final List<SelfSignedCertificate> CERTS = new ArrayList<>();
    static SelfSignedCertificate first;
    static SelfSignedCertificate second;

    KubernetesMockServer apiServer;
    KubernetesClient client;

    @BeforeAll
    static void certificates() throws Exception {
        first = new SelfSignedCertificate(HOST);
        second = new SelfSignedCertificate(HOST);
        CERTS.add(first);
        CERTS.add(second);
    }

    @AfterAll
    static void deleteCertificates() {
        CERTS.forEach(SelfSignedCertificate::delete);
    }

    @BeforeEach
    void startApiServer() {
        apiServer = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init();
        client = apiServer.createClient();
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        apiServer.destroy();
    }

    static Map<String, String> secretData(SelfSignedCertificate c) throws Exception {
        return Map.of(
                "shop-tls.tls.crt",
                Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(c.certificate().toPath())),
                "shop-tls.tls.key",
                Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(c.privateKey().toPath())));
    }

    void publish(SelfSignedCertificate c) throws Exception {
        client.secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .withNamespace(NS)
                        .endMetadata()
                        .withType("Opaque")
                        .withData(secretData(c))
                        .build())
                .createOr(r -> r.update());
    }

    KubeSourceSettings settings(Path mount) throws Exception {
        Path config = Files.createDirectories(mount.resolve("config"));
        Path secrets = Files.createDirectories(mount.resolve("secrets"));
        return new KubeSourceSettings(NS, CONFIG_MAP, "tollgate-gw-served", "pod-0", config, SECRET, secrets);
    }

    /**
     * The certificate the TLS listener presents for the SNI name, or empty when it closes the
     * handshake for want of one; any other failure (no listener, a timeout) fails the test.
     */
    static Optional<X509Certificate> presented(int port) throws Exception {
        return TlsClient.presented(port, HOST);
    }

    /** A request over TLS to the domain; the status line. */
    static String statusOverTls(int port) throws Exception {
        try (RawHttp http = new RawHttp(TlsClient.connect(port, HOST))) {
            return http.send("GET /hello HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .statusLine();
        }
    }

    /** Publishes the gateway's config in its ConfigMap, as the operator does. */
    void publishConfig() {
        client.configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CONFIG_MAP)
                        .withNamespace(NS)
                        .endMetadata()
                        .withData(Map.of(PublishedConfig.JSON_KEY, IrJson.toJson(CONFIG)))
                        .build())
                .create();
    }

    static boolean is(Optional<X509Certificate> presented, SelfSignedCertificate expected) {
        return presented.isPresent() && presented.get().equals(expected.cert());
    }

    @Test
    void watchedSecretSuppliesTheDomainCertificateAndARotationReachesNewHandshakes(@TempDir Path mount)
            throws Exception {
        publishConfig();
        publish(first);
        try (GatewayServer server = KubeConfigSourceIT.server()) {
            server.enableTls(0);
            try (KubeConfigSource source = KubeConfigSource.start(client, settings(mount), server)) {
                // The listeners open once the watched config is served.
                int tlsPort = Await.value(server::httpsPort, p -> p > 0);
                Optional<X509Certificate> before = Await.value(() -> presented(tlsPort), p -> is(p, first));
                assertThat(before).hasValue(first.cert());
                assertThat(source.servedId()).isEqualTo(CONFIG.configId());
                assertThat(statusOverTls(tlsPort)).isEqualTo("HTTP/1.1 200 OK");

                publish(second);
                Optional<X509Certificate> after = Await.value(() -> presented(tlsPort), p -> is(p, second));
                assertThat(after).hasValue(second.cert());
                assertThat(source.servedId()).isEqualTo(CONFIG.configId());
                assertThat(statusOverTls(tlsPort)).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    @Test
    void apiServerDownAtStartServesTheCertificateOfTheMountedSecret(@TempDir Path mount) throws Exception {
        KubeSourceSettings settings = settings(mount);
        Files.writeString(settings.mountedConfig().resolve(PublishedConfig.JSON_KEY), IrJson.toJson(CONFIG));
        Files.copy(first.certificate().toPath(), settings.mountedSecret().resolve("shop-tls.tls.crt"));
        Files.copy(first.privateKey().toPath(), settings.mountedSecret().resolve("shop-tls.tls.key"));
        try (KubernetesClient down = KubeConfigSourceIT.unreachableApiServer();
                GatewayServer server = KubeConfigSourceIT.server()) {
            server.enableTls(0);
            try (KubeConfigSource source = KubeConfigSource.start(down, settings, server)) {
                assertThat(source.servedId()).isEqualTo(CONFIG.configId());
                int tlsPort = server.httpsPort();
                assertThat(presented(tlsPort)).hasValue(first.cert());
            }
        }
    }

    @Test
    void configWithoutItsSecretYetGetsNoHandshakeUntilTheSecretArrives(@TempDir Path mount) throws Exception {
        publishConfig();
        try (GatewayServer server = KubeConfigSourceIT.server()) {
            server.enableTls(0);
            try (KubeConfigSource source = KubeConfigSource.start(client, settings(mount), server)) {
                Await.value(source::servedId, id -> id.equals(CONFIG.configId()));
                int tlsPort = server.httpsPort();
                assertThat(source.servedId()).isEqualTo(CONFIG.configId());
                // Served, yet no certificate for the domain: the listener closes its handshakes.
                assertThat(server.tlsContexts().hosts()).doesNotContain(HOST);
                assertThat(presented(tlsPort)).isEmpty();

                publish(first);
                assertThat(Await.value(() -> presented(tlsPort), p -> is(p, first)))
                        .hasValue(first.cert());
            }
        }
    }
}
