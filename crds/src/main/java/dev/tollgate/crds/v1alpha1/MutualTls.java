package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Client certificate verification of a custom domain. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "has(self.truststoreSecretRef) != has(self.truststoreConfigMapRef)",
        message = "exactly one of truststoreSecretRef or truststoreConfigMapRef must be set")
public class MutualTls {
    @JsonPropertyDescription("Secret holding the trust store.")
    private String truststoreSecretRef;

    @JsonPropertyDescription("ConfigMap holding the trust store.")
    private String truststoreConfigMapRef;

    @JsonPropertyDescription("Key of the trust store within it.")
    private String key;

    public String getTruststoreSecretRef() {
        return truststoreSecretRef;
    }

    public void setTruststoreSecretRef(String truststoreSecretRef) {
        this.truststoreSecretRef = truststoreSecretRef;
    }

    public String getTruststoreConfigMapRef() {
        return truststoreConfigMapRef;
    }

    public void setTruststoreConfigMapRef(String truststoreConfigMapRef) {
        this.truststoreConfigMapRef = truststoreConfigMapRef;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
