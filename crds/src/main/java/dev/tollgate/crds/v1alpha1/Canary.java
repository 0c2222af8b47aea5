package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * Canary settings of a stage, as AWS's canarySettings: a share of the stage's requests, chosen per
 * request, is served by another ApiDeployment with the stage's variables plus overrides.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Canary {
    @JsonPropertyDescription("Name of the ApiDeployment (same namespace) the canary serves.")
    @Required
    private String deploymentRef;

    @JsonPropertyDescription("Percentage (0-100, fractional) of the stage's requests sent to the canary.")
    @Min(0)
    @Max(100)
    private Double percentTraffic;

    @JsonPropertyDescription("Stage variables the canary overrides.")
    private Map<String, String> stageVariableOverrides;

    @JsonPropertyDescription("Whether canary requests use the stage's response cache (false: never cached).")
    private Boolean useStageCache;

    public String getDeploymentRef() {
        return deploymentRef;
    }

    public void setDeploymentRef(String deploymentRef) {
        this.deploymentRef = deploymentRef;
    }

    public Double getPercentTraffic() {
        return percentTraffic;
    }

    public void setPercentTraffic(Double percentTraffic) {
        this.percentTraffic = percentTraffic;
    }

    public Map<String, String> getStageVariableOverrides() {
        return stageVariableOverrides;
    }

    public void setStageVariableOverrides(Map<String, String> stageVariableOverrides) {
        this.stageVariableOverrides = stageVariableOverrides;
    }

    public Boolean getUseStageCache() {
        return useStageCache;
    }

    public void setUseStageCache(Boolean useStageCache) {
        this.useStageCache = useStageCache;
    }
}
