package dev.tollgate.ir;

/**
 * A PEM bundle of CA certificates in a Secret, for mutual TLS.
 *
 * @param secretName the Secret in the config's namespace
 * @param key the Secret key holding the PEM bundle
 * @param contentHash hex SHA-256 of the bundle
 */
public record TruststoreConfig(String secretName, String key, String contentHash) {
    public TruststoreConfig {
        Ir.require(secretName, "secretName");
        Ir.require(key, "key");
        Ir.require(contentHash, "contentHash");
    }
}
