package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** An API stage a usage plan covers. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class UsagePlanApiStage {
    @JsonPropertyDescription("Name of the RestApi.")
    @Required
    private String restApiRef;

    @JsonPropertyDescription("Stage name.")
    @Required
    private String stage;

    @JsonPropertyDescription("Per-method throttles keyed by /path/METHOD.")
    private Map<String, Throttle> throttle;

    public String getRestApiRef() {
        return restApiRef;
    }

    public void setRestApiRef(String restApiRef) {
        this.restApiRef = restApiRef;
    }

    public String getStage() {
        return stage;
    }

    public void setStage(String stage) {
        this.stage = stage;
    }

    public Map<String, Throttle> getThrottle() {
        return throttle;
    }

    public void setThrottle(Map<String, Throttle> throttle) {
        this.throttle = throttle;
    }
}
