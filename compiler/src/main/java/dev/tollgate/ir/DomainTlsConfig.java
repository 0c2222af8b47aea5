package dev.tollgate.ir;

/**
 * TLS of a custom domain. The key material stays in its Secret: the IR names it and carries a hash
 * of its content, so a changed certificate changes the config and is picked up on reload.
 *
 * @param secretName the {@code kubernetes.io/tls} Secret in the config's namespace
 * @param contentHash hex SHA-256 over the Secret's {@code tls.crt} and {@code tls.key}
 * @param minimumVersion the lowest protocol offered: {@code TLSv1.2} or {@code TLSv1.3}
 * @param truststore the CA bundle client certificates must chain to (mutual TLS), or null
 */
public record DomainTlsConfig(
        String secretName, String contentHash, String minimumVersion, TruststoreConfig truststore) {
    /** Key of the certificate chain in a TLS Secret. */
    public static final String CERTIFICATE_KEY = "tls.crt";

    /** Key of the private key in a TLS Secret. */
    public static final String PRIVATE_KEY_KEY = "tls.key";

    public DomainTlsConfig {
        Ir.require(secretName, "secretName");
        Ir.require(contentHash, "contentHash");
        if (!"TLSv1.2".equals(minimumVersion) && !"TLSv1.3".equals(minimumVersion)) {
            throw new IllegalArgumentException("bad minimumVersion " + minimumVersion);
        }
    }
}
