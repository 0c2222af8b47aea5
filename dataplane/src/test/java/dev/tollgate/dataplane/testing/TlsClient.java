package dev.tollgate.dataplane.testing;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
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
