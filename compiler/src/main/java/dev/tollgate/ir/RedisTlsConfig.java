package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TLS material for {@code rediss://}: host names are always verified.
 *
 * @param caBundle PEM CA certificates the server certificate must chain to, or null for the data
 *     plane's default trust store
 * @param clientCertificate the client certificate chain ({@code tls.crt}) presented to Redis, or null
 * @param clientKey its private key ({@code tls.key}), set exactly when {@code clientCertificate} is
 */
public record RedisTlsConfig(
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretValueConfig caBundle,
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretValueConfig clientCertificate,
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretValueConfig clientKey) {
    public RedisTlsConfig {
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and the other way round");
        }
    }
}
