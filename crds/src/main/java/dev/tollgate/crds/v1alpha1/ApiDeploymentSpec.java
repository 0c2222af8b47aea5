package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Desired state of an ApiDeployment: what was deployed, frozen. The API server refuses any change
 * (a transition rule on the whole spec); the compiler checks {@code contentId} against the snapshot
 * where no API server does (a folder in local mode).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "self == oldSelf",
        message = "an ApiDeployment is immutable; create a new deployment to deploy something else")
public class ApiDeploymentSpec {
    @JsonPropertyDescription("Name of the RestApi in the same namespace this deployment was taken from.")
    @Required
    private String restApiRef;

    @JsonPropertyDescription("Human description, as AWS's deployment description.")
    private String description;

    @JsonPropertyDescription("The RestApi's definition as it was deployed, with the Integrations it refers to.")
    @Required
    private DeploymentSnapshot snapshot;

    @JsonPropertyDescription("Hex SHA-256 of the snapshot's canonical JSON (defaults applied, keys sorted).")
    @Required
    @Pattern("^[0-9a-f]{64}$")
    private String contentId;

    public String getRestApiRef() {
        return restApiRef;
    }

    public void setRestApiRef(String restApiRef) {
        this.restApiRef = restApiRef;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public DeploymentSnapshot getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(DeploymentSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public String getContentId() {
        return contentId;
    }

    public void setContentId(String contentId) {
        this.contentId = contentId;
    }
}
