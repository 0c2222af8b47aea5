package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Observed state of a Stage: its conditions, and which ApiDeployment it serves, served before, and
 * serves as its canary.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class StageStatus extends ResourceStatus {
    @JsonPropertyDescription(
            "The ApiDeployment the data plane serves for this stage; empty while it follows its RestApi.")
    private String deployment;

    @JsonPropertyDescription("The ApiDeployment the stage served before the current one.")
    private String previousDeployment;

    @JsonPropertyDescription("The ApiDeployment the stage's canary serves, if it has one.")
    private String canaryDeployment;

    public String getDeployment() {
        return deployment;
    }

    public void setDeployment(String deployment) {
        this.deployment = deployment;
    }

    public String getPreviousDeployment() {
        return previousDeployment;
    }

    public void setPreviousDeployment(String previousDeployment) {
        this.previousDeployment = previousDeployment;
    }

    public String getCanaryDeployment() {
        return canaryDeployment;
    }

    public void setCanaryDeployment(String canaryDeployment) {
        this.canaryDeployment = canaryDeployment;
    }
}
