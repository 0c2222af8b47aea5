package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.echo.EchoServer;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.FreePorts;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.RedisFolder;
import dev.tollgate.dataplane.testing.RedisServer;
import dev.tollgate.dataplane.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a real {@code redis-server} with a TLS port, its certificates made by a
 * CA the test creates: the CA bundle comes from a Secret, the host name is verified, a client
 * certificate from a Secret satisfies a Redis that requires one; a certificate that fails
 * verification is a configuration error (not ready, 500), never an outage to fail open through.
 */
class RedisTlsIT {
    private static final String PLAN = "  throttle: {rateLimit: 0.001, burstLimit: 3}";

    private static TestCa ca;
    private static Path pki;
    private static Path goodCertificate;
    private static Path otherNameCertificate;
    private static int tlsPort;
    private static RedisServer redis;
    private static EchoServer echo;

    @TempDir
    Path folder;

    private LocalGateway gateway;

    @BeforeAll
    static void startRedis() throws Exception {
        pki = Files.createTempDirectory("tollgate-redis-pki");
        ca = TestCa.create("tollgate test CA");
        Files.writeString(pki.resolve("ca.crt"), ca.certificatePem());
        goodCertificate = ca.server("redis", List.of(), List.of("127.0.0.1")).write(pki, "server");
        otherNameCertificate =
                ca.server("redis", List.of("redis.example"), List.of()).write(pki, "other");
        tlsPort = FreePorts.free();
        Files.copy(goodCertificate, pki.resolve("active.crt"));
        Files.copy(pki.resolve("server.key"), pki.resolve("active.key"));
        redis = RedisServer.startTls(
                tlsPort, pki.resolve("active.crt"), pki.resolve("active.key"), pki.resolve("ca.crt"), false);
        echo = EchoServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (echo != null) {
            echo.close();
        }
        Folders.delete(pki);
    }

    @BeforeEach
    void serverDefaults() throws Exception {
        redis.call("FLUSHALL");
        useCertificate(goodCertificate, pki.resolve("server.key"));
        redis.call("CONFIG", "SET", "tls-auth-clients", "no");
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /**
     * Makes the server present another certificate: both files are replaced, then setting the
     * certificate file (to the same path) makes Redis load the pair again.
     */
    private static void useCertificate(Path certificate, Path key) throws Exception {
        Files.copy(certificate, pki.resolve("active.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(key, pki.resolve("active.key"), StandardCopyOption.REPLACE_EXISTING);
        redis.call("CONFIG", "SET", "tls-cert-file", pki.resolve("active.crt").toString());
    }

    private void serve(String tlsLines, String failureMode) throws Exception {
        RedisFolder.api(
                folder,
                echo.port(),
                PLAN,
                "    url: rediss://127.0.0.1:" + tlsPort + "\n" + tlsLines + "    failureMode: " + failureMode + "\n");
        gateway = LocalGateway.on(folder).flags("--default-api", "shop").start();
    }

    private void trust(String caPem) throws Exception {
        RedisFolder.secret(folder, "redis-ca", Map.of("ca.crt", caPem));
    }

    private static final String TRUST_CA = "    tls:\n      caBundleSecretRef: {name: redis-ca, key: ca.crt}\n";

    private String problem() {
        return gateway.server()
                .limits()
                .problem(gateway.server().runtime().configs().get(0));
    }

    @Test
    void caBundleFromASecretVerifiesTheServerAndLimitsHold() throws Exception {
        trust(ca.certificatePem());
        serve(TRUST_CA, "FAIL_CLOSED");
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
        assertThat(RedisFolder.limited(gateway.port(), 4)).containsExactly(200, 200, 200, 429);
        assertThat(String.valueOf(redis.call("DBSIZE"))).isEqualTo("1");
    }

    @Test
    void certificateOfAnotherCaIsRefusedNotFailedOpen() throws Exception {
        trust(TestCa.create("some other CA").certificatePem());
        serve(TRUST_CA, "FAIL_OPEN");
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        assertThat(RedisFolder.limited(gateway.port(), 3)).containsOnly(500);
        assertThat(problem()).contains("certificate failed verification").contains("Secret redis-ca");
        assertThat(gateway.server().metrics().scrape())
                .contains("tollgate_redis_refusals_total{namespace=\"default\",reason=\"tls\"}");
    }

    @Test
    void certificateForAnotherHostNameIsRefused() throws Exception {
        useCertificate(otherNameCertificate, pki.resolve("other.key"));
        trust(ca.certificatePem());
        serve(TRUST_CA, "FAIL_OPEN");
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        assertThat(RedisFolder.limited(gateway.port(), 2)).containsOnly(500);
        assertThat(problem()).contains("certificate failed verification").contains("127.0.0.1");
    }

    @Test
    void clientCertificateFromASecretSatisfiesARedisThatRequiresOne() throws Exception {
        redis.call("CONFIG", "SET", "tls-auth-clients", "yes");
        TestCa.Issued client = ca.client("tollgate-gateway");
        trust(ca.certificatePem());
        RedisFolder.secret(
                folder, "redis-client", Map.of("tls.crt", client.certificatePem(), "tls.key", client.privateKeyPem()));
        serve(TRUST_CA + "      clientCertificateSecretName: redis-client\n", "FAIL_CLOSED");
        RedisFolder.awaitReadyz(gateway.adminPort(), 200);
        assertThat(RedisFolder.limited(gateway.port(), 4)).containsExactly(200, 200, 200, 429);
    }

    @Test
    void redisThatRequiresAClientCertificateRefusesOneWithout() throws Exception {
        redis.call("CONFIG", "SET", "tls-auth-clients", "yes");
        trust(ca.certificatePem());
        serve(TRUST_CA, "FAIL_OPEN");
        RedisFolder.awaitReadyz(gateway.adminPort(), 503);
        assertThat(RedisFolder.limited(gateway.port(), 2)).containsOnly(500);
        assertThat(problem()).contains("client certificate");
    }
}
