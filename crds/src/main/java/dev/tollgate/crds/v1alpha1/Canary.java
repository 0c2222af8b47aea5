package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;

/** Canary settings of a stage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Canary {
    @JsonPropertyDescription("Share of requests sent to the canary.")
    @Min(0)
    @Max(100)
    private Double percentTraffic;

    @JsonPropertyDescription("Stage variables the canary overrides.")
    private Map<String, String> stageVariableOverrides;

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
}
