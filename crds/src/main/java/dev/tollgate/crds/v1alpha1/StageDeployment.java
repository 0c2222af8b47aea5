package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Which version of the RestApi a Stage serves. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "!has(self.mode) || self.mode != 'Pinned' || has(self.restApiGeneration)",
        message = "a Pinned deployment needs restApiGeneration")
public class StageDeployment {
    @JsonPropertyDescription("AutoDeploy follows the RestApi; Pinned stays on restApiGeneration.")
    @Default("AutoDeploy")
    private DeploymentMode mode;

    @JsonPropertyDescription("RestApi generation a Pinned stage serves.")
    @Min(1)
    private Long restApiGeneration;

    @JsonPropertyDescription("Deployment description.")
    private String description;

    public DeploymentMode getMode() {
        return mode;
    }

    public void setMode(DeploymentMode mode) {
        this.mode = mode;
    }

    public Long getRestApiGeneration() {
        return restApiGeneration;
    }

    public void setRestApiGeneration(Long restApiGeneration) {
        this.restApiGeneration = restApiGeneration;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
