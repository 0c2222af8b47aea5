package dev.tollgate.dataplane.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RedisRefusalTest {
    @Test
    void aServerCertificateThisSideRejectedIsAFailedVerificationWhateverAlertNamesIt() {
        // JDK 25's shape: the alert this side sends leads the message, the verification is the cause.
        SSLHandshakeException tls = new SSLHandshakeException("(certificate_unknown) PKIX path building failed");
        tls.initCause(new CertificateException("PKIX path building failed: no valid certification path"));

        RedisRefusal refusal = RedisRefusal.of(new IOException("connection failed", tls));

        assertThat(refusal.reason()).isEqualTo(RedisRefusal.TLS);
        assertThat(refusal.message())
                .isEqualTo("the Redis server certificate failed verification: "
                        + "PKIX path building failed: no valid certification path");
    }

    @Test
    void anAlertTheServerSentIsARefusedClientCertificate() {
        RedisRefusal refusal = RedisRefusal.of(new SSLHandshakeException("Received fatal alert: bad_certificate"));

        assertThat(refusal.reason()).isEqualTo(RedisRefusal.TLS);
        assertThat(refusal.message())
                .isEqualTo("Redis refused the client certificate: Received fatal alert: bad_certificate");
    }

    @Test
    void aVerificationFailureWithoutATlsWrapperIsStillAFailedVerification() {
        RedisRefusal refusal = RedisRefusal.of(new IOException(
                "connection failed", new CertificateException("No subject alternative names matching 127.0.0.1")));

        assertThat(refusal.message()).contains("failed verification").contains("127.0.0.1");
    }

    @Test
    void aRefusedConnectionIsAnOutageNotARefusal() {
        assertThat(RedisRefusal.of(new IOException("Connection refused"))).isNull();
    }
}
