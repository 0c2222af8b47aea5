package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS to Redis (rediss://). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RedisTls {
    @JsonPropertyDescription("Secret key holding the PEM bundle of CA certificates the Redis certificate must chain"
            + " to; without it the data plane's default trust store is used.")
    private SecretKeyRef caBundleSecretRef;

    @JsonPropertyDescription("kubernetes.io/tls Secret (tls.crt, tls.key) with the client certificate presented to a"
            + " Redis that requires one (tls-auth-clients yes).")
    private String clientCertificateSecretName;

    public SecretKeyRef getCaBundleSecretRef() {
        return caBundleSecretRef;
    }

    public void setCaBundleSecretRef(SecretKeyRef caBundleSecretRef) {
        this.caBundleSecretRef = caBundleSecretRef;
    }

    public String getClientCertificateSecretName() {
        return clientCertificateSecretName;
    }

    public void setClientCertificateSecretName(String clientCertificateSecretName) {
        this.clientCertificateSecretName = clientCertificateSecretName;
    }
}
