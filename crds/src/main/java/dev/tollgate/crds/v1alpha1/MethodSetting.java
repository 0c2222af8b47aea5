package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Settings of one method (or all, with *) of a stage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MethodSetting {
    @JsonPropertyDescription("Resource path, or * for every resource.")
    @Required
    private String resourcePath;

    @JsonPropertyDescription("Method, or * for every method.")
    @Required
    @Pattern("^(\\*|" + Grammar.HTTP_METHOD + "|ANY)$")
    private String httpMethod;

    @JsonPropertyDescription("Throttle of the method.")
    private Throttle throttling;

    @JsonPropertyDescription("Caching of the method.")
    private CachingSettings caching;

    @JsonPropertyDescription("Execution logging level.")
    private LoggingLevel loggingLevel;

    @JsonPropertyDescription("Detailed metrics.")
    private Boolean metricsEnabled;

    public String getResourcePath() {
        return resourcePath;
    }

    public void setResourcePath(String resourcePath) {
        this.resourcePath = resourcePath;
    }

    public String getHttpMethod() {
        return httpMethod;
    }

    public void setHttpMethod(String httpMethod) {
        this.httpMethod = httpMethod;
    }

    public Throttle getThrottling() {
        return throttling;
    }

    public void setThrottling(Throttle throttling) {
        this.throttling = throttling;
    }

    public CachingSettings getCaching() {
        return caching;
    }

    public void setCaching(CachingSettings caching) {
        this.caching = caching;
    }

    public LoggingLevel getLoggingLevel() {
        return loggingLevel;
    }

    public void setLoggingLevel(LoggingLevel loggingLevel) {
        this.loggingLevel = loggingLevel;
    }

    public Boolean getMetricsEnabled() {
        return metricsEnabled;
    }

    public void setMetricsEnabled(Boolean metricsEnabled) {
        this.metricsEnabled = metricsEnabled;
    }
}
