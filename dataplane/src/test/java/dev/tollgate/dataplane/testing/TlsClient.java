package dev.tollgate.dataplane.testing;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real TLS client for the gateway's listener: connects to 127.0.0.1, names a host by SNI and
 * completes the handshake. It trusts any server certificate, because the tests check which
 * certificate was presented themselves.
 */
public final class TlsClient {
    private static final TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private TlsClient() {}

    /** Key managers presenting the certificate as a client certificate, or null for none. */
    public static KeyManager[] keyManagers(SelfSignedCertificate clientCert) throws Exception {
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

    /** A handshaken connection to {@code port} naming {@code sni}, with the JDK's protocols. */
    public static SSLSocket connect(int port, String sni) throws Exception {
        return connect(port, sni, null, null);
    }

    /**
     * A handshaken connection to {@code port} naming {@code sni}; {@code protocol} (e.g. {@code
     * TLSv1.2}) pins the version when not null, {@code keys} present a client certificate when not
     * null. The handshake failing throws.
     */
    public static SSLSocket connect(int port, String sni, String protocol, KeyManager[] keys) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, new TrustManager[] {TRUST_ALL}, new SecureRandom());
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        return handshake(socket, sni, protocol);
    }

    /**
     * The certificate the listener presents for {@code sni}, or empty when it accepted the TCP
     * connection and then closed it during the handshake, which is what the gateway does for a name
     * it has no certificate for. Any other failure (nothing listening, a timeout, a TLS alert)
     * throws, so it is never mistaken for a missing certificate.
     */
    public static Optional<X509Certificate> presented(int port, String sni) throws Exception {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {TRUST_ALL}, new SecureRandom());
        SSLSocket socket;
        try {
            socket = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
        try (SSLSocket handshaken = handshake(socket, sni, null)) {
            return Optional.of((X509Certificate) handshaken.getSession().getPeerCertificates()[0]);
        } catch (SSLHandshakeException | SocketException e) {
            if (closedByPeer(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the handshake ended because the server closed or reset the connection. */
    private static boolean closedByPeer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            if (t instanceof SocketException s
                    && s.getMessage() != null
                    && (s.getMessage().contains("reset") || s.getMessage().contains("Broken pipe"))) {
                return true;
            }
            if (t instanceof SSLHandshakeException h
                    && h.getMessage() != null
                    && h.getMessage().contains("Remote host terminated the handshake")) {
                return true;
            }
        }
        return false;
    }

    private static SSLSocket handshake(SSLSocket socket, String sni, String protocol) throws Exception {
        try {
            socket.setSoTimeout(5000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(sni)));
            if (protocol != null) {
                params.setProtocols(new String[] {protocol});
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket;
        } catch (Exception e) {
            socket.close();
            throw e;
        }
    }
}
