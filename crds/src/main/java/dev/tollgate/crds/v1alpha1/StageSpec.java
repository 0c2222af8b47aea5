package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Desired state of a Stage: a deployment of a RestApi. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value =
                "!has(self.variables) || self.variables.all(k, k.matches('^[A-Za-z0-9_]+$') && self.variables[k].matches('^[A-Za-z0-9-._~:/?#&=,]+$'))",
        message = "stage variable names are [A-Za-z0-9_]+ and values [A-Za-z0-9-._~:/?#&=,]+")
public class StageSpec {
    @JsonPropertyDescription("Name of the RestApi in the same namespace.")
    @Required
    private String restApiRef;

    @JsonPropertyDescription(
            "Stage name, the first path segment; metadata.name when absent. $default (HTTP APIs) is served at the root.")
    @Pattern("^(" + Grammar.STAGE_NAME_OR_DEFAULT + ")$")
    private String stageName;

    @JsonPropertyDescription("Human description.")
    private String description;

    @JsonPropertyDescription("Stage variables.")
    private Map<String, String> variables;

    @JsonPropertyDescription("Which version of the RestApi is served.")
    private StageDeployment deployment;

    @JsonPropertyDescription("Stage-wide throttle.")
    private Throttle throttling;

    @JsonPropertyDescription("Per-method overrides.")
    private List<MethodSetting> methodSettings;

    @JsonPropertyDescription("Response cache.")
    private StageCache cache;

    @JsonPropertyDescription("Access logging.")
    private AccessLog accessLog;

    @JsonPropertyDescription("Canary release settings.")
    private Canary canary;

    @JsonPropertyDescription("Tracing.")
    private Boolean tracingEnabled;

    public String getRestApiRef() {
        return restApiRef;
    }

    public void setRestApiRef(String restApiRef) {
        this.restApiRef = restApiRef;
    }

    public String getStageName() {
        return stageName;
    }

    public void setStageName(String stageName) {
        this.stageName = stageName;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Map<String, String> getVariables() {
        return variables;
    }

    public void setVariables(Map<String, String> variables) {
        this.variables = variables;
    }

    public StageDeployment getDeployment() {
        return deployment;
    }

    public void setDeployment(StageDeployment deployment) {
        this.deployment = deployment;
    }

    public Throttle getThrottling() {
        return throttling;
    }

    public void setThrottling(Throttle throttling) {
        this.throttling = throttling;
    }

    public List<MethodSetting> getMethodSettings() {
        return methodSettings;
    }

    public void setMethodSettings(List<MethodSetting> methodSettings) {
        this.methodSettings = methodSettings;
    }

    public StageCache getCache() {
        return cache;
    }

    public void setCache(StageCache cache) {
        this.cache = cache;
    }

    public AccessLog getAccessLog() {
        return accessLog;
    }

    public void setAccessLog(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    public Canary getCanary() {
        return canary;
    }

    public void setCanary(Canary canary) {
        this.canary = canary;
    }

    public Boolean getTracingEnabled() {
        return tracingEnabled;
    }

    public void setTracingEnabled(Boolean tracingEnabled) {
        this.tracingEnabled = tracingEnabled;
    }
}
