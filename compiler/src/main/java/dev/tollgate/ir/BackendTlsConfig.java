package dev.tollgate.ir;

/**
 * How the gateway verifies an https Integration's certificate: against the CA bundle in a Secret
 * (instead of the JVM's trust store), always with host name verification.
 *
 * @param integrationName the Integration it applies to
 * @param caSecretName the Secret in the config's namespace holding the PEM bundle
 * @param caKey the Secret key of the bundle
 * @param contentHash hex SHA-256 of the bundle, so a changed bundle changes the config
 */
public record BackendTlsConfig(String integrationName, String caSecretName, String caKey, String contentHash) {
    public BackendTlsConfig {
        Ir.require(integrationName, "integrationName");
        Ir.require(caSecretName, "caSecretName");
        Ir.require(caKey, "caKey");
        Ir.require(contentHash, "contentHash");
    }
}
