package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Desired state of a Gateway: the data plane of this namespace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewaySpec {
    @JsonPropertyDescription("Data plane replicas.")
    @Min(0)
    @Default("1")
    private Integer replicas;

    @JsonPropertyDescription("Data plane image override.")
    private String image;

    @JsonPropertyDescription("Resources of a data plane pod.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("The Service in front of the data plane.")
    private GatewayService service;

    @JsonPropertyDescription("Listeners.")
    private Listeners listeners;

    @JsonPropertyDescription("DNS suffix of the default endpoints.")
    @Default("execute-api.localhost")
    @Pattern("^" + Grammar.DNS_NAME + "$")
    private String endpointSuffix;

    @JsonPropertyDescription("Redis shared by the replicas for throttles, quotas and the stage cache; without it"
            + " each replica keeps its own.")
    private RedisSettings redis;

    @JsonPropertyDescription("PodDisruptionBudget.")
    private PodDisruptionBudgetSettings podDisruptionBudget;

    @JsonPropertyDescription("Data plane log level.")
    private LogLevel logLevel;

    @JsonPropertyDescription("How long the data plane waits for clients.")
    private GatewayTimeouts timeouts;

    @JsonPropertyDescription("How much the data plane's clients may take at once.")
    private GatewayLimits limits;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public GatewayService getService() {
        return service;
    }

    public void setService(GatewayService service) {
        this.service = service;
    }

    public Listeners getListeners() {
        return listeners;
    }

    public void setListeners(Listeners listeners) {
        this.listeners = listeners;
    }

    public String getEndpointSuffix() {
        return endpointSuffix;
    }

    public void setEndpointSuffix(String endpointSuffix) {
        this.endpointSuffix = endpointSuffix;
    }

    public RedisSettings getRedis() {
        return redis;
    }

    public void setRedis(RedisSettings redis) {
        this.redis = redis;
    }

    public PodDisruptionBudgetSettings getPodDisruptionBudget() {
        return podDisruptionBudget;
    }

    public void setPodDisruptionBudget(PodDisruptionBudgetSettings podDisruptionBudget) {
        this.podDisruptionBudget = podDisruptionBudget;
    }

    public LogLevel getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(LogLevel logLevel) {
        this.logLevel = logLevel;
    }

    public GatewayTimeouts getTimeouts() {
        return timeouts;
    }

    public void setTimeouts(GatewayTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public GatewayLimits getLimits() {
        return limits;
    }

    public void setLimits(GatewayLimits limits) {
        this.limits = limits;
    }
}
