package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The certificate of a custom domain. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DomainTls {
    @JsonPropertyDescription("kubernetes.io/tls Secret with the certificate.")
    @Required
    private String secretName;

    @JsonPropertyDescription("Lowest TLS version accepted.")
    @Default("TLS_1_2")
    private TlsVersion minimumVersion;

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public TlsVersion getMinimumVersion() {
        return minimumVersion;
    }

    public void setMinimumVersion(TlsVersion minimumVersion) {
        this.minimumVersion = minimumVersion;
    }
}
