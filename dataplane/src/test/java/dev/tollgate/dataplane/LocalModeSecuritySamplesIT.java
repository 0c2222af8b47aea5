package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.local.FolderCompiler;
import dev.tollgate.dataplane.local.LocalMode;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.TlsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** docs/security.md's walk-through: the samples' TLS domain and JWT-protected API in local mode. */
class LocalModeSecuritySamplesIT {
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static EchoServer backend;
    private static LocalMode local;
    private static int port;
    private static int admin;
    private static int https;
    private static String privateKeyLine;

    @BeforeAll
    static void start() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        LOGS.start();
        backend = EchoServer.start("127.0.0.1", 0);
        Path samples = Path.of(System.getProperty("tollgate.repoRoot", "..")).resolve("config/samples");
        // A line from the middle of the demo private key: it must never be echoed anywhere.
        List<String> lines = Files.readAllLines(samples.resolve("domain-tls-secret.yaml"));
        int begin = lines.indexOf("    -----BEGIN PRIVATE KEY-----");
        privateKeyLine = lines.get(begin + 5).trim();
        try (ServerSocket a = new ServerSocket(0);
                ServerSocket b = new ServerSocket(0);
                ServerSocket c = new ServerSocket(0)) {
            port = a.getLocalPort();
            admin = b.getLocalPort();
            https = c.getLocalPort();
        }
        Main.LocalArgs args = Main.parseLocal(new String[] {
            "local",
            samples.toString(),
            "--port",
            Integer.toString(port),
            "--admin-port",
            Integer.toString(admin),
            "--https-port",
            Integer.toString(https),
            "--service",
            "pets-backend=127.0.0.1:" + backend.port(),
            "--event-loops",
            "2"
        });
        local = LocalMode.start(
                args.folder(),
                new FolderCompiler(
                        args.folder(), new ArrayList<>(args.services().keySet())),
                args.options(),
                args.httpsPort());
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (local != null) {
            local.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void customDomainAnswersOverTlsWithTheDemoCertificate() throws Exception {
        try (SSLSocket socket = TlsClient.connect(https, "api.petstore.localhost")) {
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=api.petstore.localhost");
            socket.getOutputStream()
                    .write("GET /v1/health HTTP/1.1\r\nHost: api.petstore.localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void jwtProtectedSampleRefusesACallWithoutTokenWithItsCustomisedResponse() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "petstore-admin.default.execute-api.localhost", "/prod/pets");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"petstore-admin\"");
        assertThat(r.body()).startsWith("{\"message\":\"Unauthorized\",\"requestId\":\"");
    }

    @Test
    void corsPreflightOfTheSampleIsAnswered() throws Exception {
        RawHttp.Response r = RawHttp.exchange(
                port,
                "OPTIONS /prod/pets HTTP/1.1\r\nHost: petstore-admin.default.execute-api.localhost\r\n"
                        + "Origin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Access-Control-Request-Headers: authorization\r\n\r\n");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    }

    @Test
    void privateKeyNeverReachesConfigMetricsOrLogs() throws Exception {
        assertThat(privateKeyLine).hasSizeGreaterThan(40);
        assertThat(RawHttp.get(admin, "localhost", "/config").body()).doesNotContain(privateKeyLine);
        assertThat(RawHttp.get(admin, "localhost", "/metrics").body()).doesNotContain(privateKeyLine);
        for (ILoggingEvent e : List.copyOf(LOGS.list)) {
            assertThat(e.getFormattedMessage()).doesNotContain(privateKeyLine).doesNotContain("PRIVATE KEY");
        }
    }
}
