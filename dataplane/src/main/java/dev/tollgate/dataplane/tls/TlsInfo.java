package dev.tollgate.dataplane.tls;

import dev.tollgate.ir.ContextVariable;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a TLS connection tells about its requests: the SNI name the client asked for and, on a mutual
 * TLS domain, the verified client certificate chain with the fields {@code
 * $context.identity.clientCert.*} reads. Read once per connection when its handshake is done; every
 * request on the connection (each HTTP/2 stream too) carries the same one. Plain connections have
 * none.
 *
 * @param serverName the SNI name, lower case; empty when the client sent none (such a handshake gets
 *     no certificate, so a request that got this far always named one)
 * @param clientChain the client's verified certificate chain, client first; empty without mutual TLS
 * @param clientCertificate the client certificate's fields, or null without mutual TLS
 */
public record TlsInfo(String serverName, List<X509Certificate> clientChain, ClientCertificate clientCertificate) {
    private static final DateTimeFormatter AWS_TIME = DateTimeFormatter.ofPattern(
                    "MMM d HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public TlsInfo {
        serverName = serverName == null ? "" : serverName;
        clientChain = List.copyOf(clientChain);
    }

    /**
     * The client certificate's fields as AWS renders them in {@code $context.identity.clientCert}.
     *
     * @param pem the certificate in PEM
     * @param subjectDn its subject's distinguished name
     * @param issuerDn its issuer's distinguished name
     * @param serialNumber its serial number in hex
     * @param notBefore start of validity, AWS's date format
     * @param notAfter end of validity, AWS's date format
     */
    public record ClientCertificate(
            String pem, String subjectDn, String issuerDn, String serialNumber, String notBefore, String notAfter) {

        /** The fields of {@code cert}. */
        public static ClientCertificate of(X509Certificate cert) {
            return new ClientCertificate(
                    encodePem(cert),
                    cert.getSubjectX500Principal().getName(),
                    cert.getIssuerX500Principal().getName(),
                    cert.getSerialNumber().toString(16),
                    AWS_TIME.format(cert.getNotBefore().toInstant()),
                    AWS_TIME.format(cert.getNotAfter().toInstant()));
        }
    }

    /** The facts of a completed handshake's session. */
    public static TlsInfo of(SSLSession session) {
        String sni = null;
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    sni = host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: not a mutual TLS domain.
        }
        return new TlsInfo(sni, chain, chain.isEmpty() ? null : ClientCertificate.of(chain.get(0)));
    }

    /** The {@code $context.identity.clientCert.*} value, or null without a client certificate. */
    public String value(ContextVariable variable) {
        ClientCertificate c = clientCertificate;
        if (c == null) {
            return null;
        }
        return switch (variable) {
            case IDENTITY_CLIENT_CERT_PEM -> c.pem();
            case IDENTITY_CLIENT_CERT_SUBJECT_DN -> c.subjectDn();
            case IDENTITY_CLIENT_CERT_ISSUER_DN -> c.issuerDn();
            case IDENTITY_CLIENT_CERT_SERIAL_NUMBER -> c.serialNumber();
            case IDENTITY_CLIENT_CERT_NOT_BEFORE -> c.notBefore();
            case IDENTITY_CLIENT_CERT_NOT_AFTER -> c.notAfter();
            default -> null;
        };
    }

    private static String encodePem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----";
        } catch (CertificateEncodingException e) {
            return null;
        }
    }
}
