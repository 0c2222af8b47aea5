package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** TLS to an https backend. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "!(has(self.caBundleSecretRef) && has(self.caBundleConfigMapRef))",
        message = "at most one of caBundleSecretRef or caBundleConfigMapRef")
public class BackendTls {
    @JsonPropertyDescription("CA bundle in a Secret.")
    private SecretKeyRef caBundleSecretRef;

    @JsonPropertyDescription("CA bundle in a ConfigMap.")
    private ConfigMapKeyRef caBundleConfigMapRef;

    @JsonPropertyDescription("SNI and verified host name.")
    private String serverName;

    @JsonPropertyDescription("Do not verify the backend certificate.")
    private Boolean insecureSkipVerify;

    public SecretKeyRef getCaBundleSecretRef() {
        return caBundleSecretRef;
    }

    public void setCaBundleSecretRef(SecretKeyRef caBundleSecretRef) {
        this.caBundleSecretRef = caBundleSecretRef;
    }

    public ConfigMapKeyRef getCaBundleConfigMapRef() {
        return caBundleConfigMapRef;
    }

    public void setCaBundleConfigMapRef(ConfigMapKeyRef caBundleConfigMapRef) {
        this.caBundleConfigMapRef = caBundleConfigMapRef;
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    public Boolean getInsecureSkipVerify() {
        return insecureSkipVerify;
    }

    public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
        this.insecureSkipVerify = insecureSkipVerify;
    }
}
