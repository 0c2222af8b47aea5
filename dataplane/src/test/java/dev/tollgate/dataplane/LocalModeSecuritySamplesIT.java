package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RepoRoot;
import dev.tollgate.dataplane.testing.TlsClient;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/security.md's walk-through: the samples' TLS domain and JWT-protected API in local mode. */
class LocalModeSecuritySamplesIT {
    private static final String DOMAIN = "api.petstore.localhost";
    private static LogCapture logs;
    private static LocalGateway local;
    private static String privateKeyLine;

    @BeforeAll
    static void start() throws Exception {
        // Captured from before the start: loading the domain's certificate is what could leak its key.
        logs = LogCapture.start();
        // A line from the middle of the demo private key: it must never be echoed anywhere.
        List<String> lines = Files.readAllLines(RepoRoot.samples().resolve("domain-tls-secret.yaml"));
        int begin = lines.indexOf("    -----BEGIN PRIVATE KEY-----");
        privateKeyLine = lines.get(begin + 5).trim();
        local = LocalGateway.on(RepoRoot.samples())
                .echoAs("pets-backend")
                .withTls()
                .start();
    }

    @AfterAll
    static void stop() {
        logs.close();
        if (local != null) {
            local.close();
        }
    }

    @Test
    void customDomainAnswersOverTlsWithTheDemoCertificate() throws Exception {
        try (SSLSocket socket = TlsClient.connect(local.httpsPort(), DOMAIN);
                RawHttp http = new RawHttp(socket)) {
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + DOMAIN);
            RawHttp.Response r =
                    http.send("GET /v1/health HTTP/1.1\r\nHost: " + DOMAIN + "\r\nConnection: close\r\n\r\n");
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void jwtProtectedSampleRefusesACallWithoutTokenWithItsCustomisedResponse() throws Exception {
        RawHttp.Response r = local.get("petstore-admin.default.execute-api.localhost", "/prod/pets");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"petstore-admin\"");
        assertThat(r.body()).startsWith("{\"message\":\"Unauthorized\",\"requestId\":\"");
    }

    @Test
    void corsPreflightOfTheSampleIsAnswered() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                local.port(),
                "OPTIONS /prod/pets HTTP/1.1\r\nHost: petstore-admin.default.execute-api.localhost\r\n"
                        + "Origin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Access-Control-Request-Headers: authorization\r\n\r\n");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    }

    @Test
    void privateKeyNeverReachesConfigMetricsOrLogs() throws Exception {
        assertThat(privateKeyLine).hasSizeGreaterThan(40);
        assertThat(RawHttp.get(local.adminPort(), "localhost", "/config").body())
                .doesNotContain(privateKeyLine);
        assertThat(RawHttp.get(local.adminPort(), "localhost", "/metrics").body())
                .doesNotContain(privateKeyLine);
        // The capture saw the certificate being loaded from its Secret, so it covers that path.
        logs.assertSomeEventMentions("DomainName/" + DOMAIN);
        logs.assertNoneContains(privateKeyLine, "PRIVATE KEY");
    }
}
