package dev.tollgate.dataplane.tls;

import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.ir.ContextVariable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The TLS facts of a request: SNI name and client certificate ({@code $context.identity.clientCert}). */
public final class ClientCertificates {
    private static final java.time.format.DateTimeFormatter AWS_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "MMM d HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private ClientCertificates() {}

    /** Copies the connection's SNI name and verified client certificate to the exchange. */
    public static void record(ChannelHandlerContext ctx, Exchange exchange) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null && ctx.channel().parent() != null) {
            // An HTTP/2 stream: the TLS handler is on the connection.
            ssl = ctx.channel().parent().pipeline().get(SslHandler.class);
        }
        if (ssl == null) {
            return;
        }
        SSLSession session = ssl.engine().getSession();
        String sni = null;
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    sni = host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        X509Certificate client = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                client = x;
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: not a mutual TLS domain.
        }
        // A handshake without SNI gets no certificate at all, so sni is set on every TLS request.
        exchange.tls(sni == null ? "" : sni, client);
    }

    /** The {@code $context.identity.clientCert.*} value, or null without a client certificate. */
    public static String value(X509Certificate cert, ContextVariable variable) {
        if (cert == null) {
            return null;
        }
        return switch (variable) {
            case IDENTITY_CLIENT_CERT_PEM -> pem(cert);
            case IDENTITY_CLIENT_CERT_SUBJECT_DN ->
                cert.getSubjectX500Principal().getName();
            case IDENTITY_CLIENT_CERT_ISSUER_DN -> cert.getIssuerX500Principal().getName();
            case IDENTITY_CLIENT_CERT_SERIAL_NUMBER -> cert.getSerialNumber().toString(16);
            case IDENTITY_CLIENT_CERT_NOT_BEFORE ->
                AWS_TIME.format(cert.getNotBefore().toInstant());
            case IDENTITY_CLIENT_CERT_NOT_AFTER ->
                AWS_TIME.format(cert.getNotAfter().toInstant());
            default -> null;
        };
    }

    private static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----";
        } catch (CertificateEncodingException e) {
            return null;
        }
    }
}
