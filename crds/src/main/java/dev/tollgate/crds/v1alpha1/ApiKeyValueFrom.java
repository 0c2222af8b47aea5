package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where an existing API key value is read from. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ApiKeyValueFrom {
    @JsonPropertyDescription("The Secret key holding the value.")
    @Required
    private SecretKeyRef secretKeyRef;

    public SecretKeyRef getSecretKeyRef() {
        return secretKeyRef;
    }

    public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
        this.secretKeyRef = secretKeyRef;
    }
}
