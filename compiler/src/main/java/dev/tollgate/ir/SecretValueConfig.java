package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A value in a Secret of the config's namespace, named but never held: the data plane reads it from
 * its key material (local mode: the folder's Secret manifests; in a cluster: the data plane's own
 * Secret, which the operator fills) and picks up a changed value without a new config.
 *
 * @param secretName the Secret's name
 * @param key the key within the Secret
 * @param contentHash hex SHA-256 of the value for public material (certificates, CA bundles), so a
 *     changed one changes the config id; null for secret material (passwords, private keys): a hash
 *     of a short password in a ConfigMap could be guessed offline, and the data plane notices a
 *     changed value by itself
 */
public record SecretValueConfig(
        String secretName, String key, @JsonInclude(JsonInclude.Include.NON_NULL) String contentHash) {
    public SecretValueConfig {
        Ir.require(secretName, "secretName");
        Ir.require(key, "key");
    }

    /** A reference to secret material: no content hash. */
    public static SecretValueConfig secret(String secretName, String key) {
        return new SecretValueConfig(secretName, key, null);
    }

    @Override
    public String toString() {
        return "SecretValueConfig[" + secretName + "/" + key + "]";
    }
}
