package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.TlsBackend;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.UrlUpstreamConfig;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** https Integrations verified against their own CA bundle from a Secret. */
class BackendTlsIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "tls.default.execute-api.localhost";
    private static TlsBackend backend;
    private static SelfSignedCertificate otherCert;

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
        backend = TlsBackend.start(req -> "{\"secure\":true}");
        otherCert = new SelfSignedCertificate("localhost");
        int port = backend.port();
        Map<String, byte[]> secrets = Map.of(
                "default/backend-ca/ca.crt", backend.certificatePem(),
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
        backend.close();
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
