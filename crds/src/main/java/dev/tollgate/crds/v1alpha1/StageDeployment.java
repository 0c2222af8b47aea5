package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Which version of the RestApi a Stage serves: the RestApi as it is, or one ApiDeployment. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "!has(self.mode) || self.mode != 'Pinned' || has(self.deploymentRef)",
        message = "a Pinned deployment needs deploymentRef")
public class StageDeployment {
    @JsonPropertyDescription("AutoDeploy follows the RestApi; Pinned serves the ApiDeployment named by deploymentRef.")
    @Default("AutoDeploy")
    private DeploymentMode mode;

    @JsonPropertyDescription("Name of the ApiDeployment (same namespace) a Pinned stage serves.")
    private String deploymentRef;

    @JsonPropertyDescription("Deployment description.")
    private String description;

    public DeploymentMode getMode() {
        return mode;
    }

    public void setMode(DeploymentMode mode) {
        this.mode = mode;
    }

    public String getDeploymentRef() {
        return deploymentRef;
    }

    public void setDeploymentRef(String deploymentRef) {
        this.deploymentRef = deploymentRef;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }
}
