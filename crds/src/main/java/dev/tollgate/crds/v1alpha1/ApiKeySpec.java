package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of an ApiKey; the value never lives in the resource. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "has(self.valueFrom) != has(self.generateSecret)",
        message = "exactly one of valueFrom or generateSecret must be set")
public class ApiKeySpec {
    @JsonPropertyDescription("Whether the key is accepted.")
    @Default("true")
    private Boolean enabled;

    @JsonPropertyDescription("Human description.")
    private String description;

    @JsonPropertyDescription("Marketplace customer id.")
    private String customerId;

    @JsonPropertyDescription("Read the value from a Secret.")
    private ApiKeyValueFrom valueFrom;

    @JsonPropertyDescription("Generate the value into a Secret.")
    private GenerateSecret generateSecret;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    public ApiKeyValueFrom getValueFrom() {
        return valueFrom;
    }

    public void setValueFrom(ApiKeyValueFrom valueFrom) {
        this.valueFrom = valueFrom;
    }

    public GenerateSecret getGenerateSecret() {
        return generateSecret;
    }

    public void setGenerateSecret(GenerateSecret generateSecret) {
        this.generateSecret = generateSecret;
    }
}
