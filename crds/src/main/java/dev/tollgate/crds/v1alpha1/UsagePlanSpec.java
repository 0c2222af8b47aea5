package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Desired state of a UsagePlan. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class UsagePlanSpec {
    @JsonPropertyDescription("Human description.")
    private String description;

    @JsonPropertyDescription("API stages covered.")
    private List<UsagePlanApiStage> apiStages;

    @JsonPropertyDescription("Throttle per API key.")
    private Throttle throttle;

    @JsonPropertyDescription("Quota per API key.")
    private Quota quota;

    @JsonPropertyDescription("Names of ApiKey resources in the plan.")
    private List<String> apiKeys;

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<UsagePlanApiStage> getApiStages() {
        return apiStages;
    }

    public void setApiStages(List<UsagePlanApiStage> apiStages) {
        this.apiStages = apiStages;
    }

    public Throttle getThrottle() {
        return throttle;
    }

    public void setThrottle(Throttle throttle) {
        this.throttle = throttle;
    }

    public Quota getQuota() {
        return quota;
    }

    public void setQuota(Quota quota) {
        this.quota = quota;
    }

    public List<String> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(List<String> apiKeys) {
        this.apiKeys = apiKeys;
    }
}
