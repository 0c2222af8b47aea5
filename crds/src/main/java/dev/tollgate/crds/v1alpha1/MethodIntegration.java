package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** The integration of a method or route: an Integration reference plus per-method overrides. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MethodIntegration {
    @JsonPropertyDescription("Name of an Integration in the same namespace.")
    @Required
    private String integrationRef;

    @JsonPropertyDescription(
            "Backend path relative to the Integration's base; may contain {param}, {proxy} and ${stageVariables.x}.")
    private String path;

    @JsonPropertyDescription("integration.request.{header,querystring,path}.NAME to a source, AWS syntax; on an HTTP"
            + " API's route also AWS's HTTP API keys (append|overwrite|remove:header.NAME,"
            + " append|overwrite|remove:querystring.NAME, overwrite:path) to $request.*, $context.*,"
            + " $stageVariables.* or static values.")
    private Map<String, String> requestParameters;

    @JsonPropertyDescription("HTTP APIs: by the backend's status code, mappings applied to its answer"
            + " (append|overwrite|remove:header.NAME, overwrite:statuscode) from $response.*, $context.*,"
            + " $stageVariables.* or static values.")
    private Map<String, Map<String, String>> responseParameters;

    @JsonPropertyDescription("Mapping templates by content type.")
    private Map<String, String> requestTemplates;

    @JsonPropertyDescription("What to do with a body that has no template.")
    private PassthroughBehavior passthroughBehavior;

    @JsonPropertyDescription("Payload conversion.")
    private ContentHandling contentHandling;

    @JsonPropertyDescription("Request parameters that are part of the cache key.")
    private List<String> cacheKeyParameters;

    @JsonPropertyDescription("Cache namespace shared between methods.")
    private String cacheNamespace;

    @JsonPropertyDescription("Timeout override in milliseconds.")
    @Min(50)
    @Max(29000)
    private Integer timeoutMillis;

    @JsonPropertyDescription("Integration responses, tried in order.")
    private List<IntegrationResponse> responses;

    public String getIntegrationRef() {
        return integrationRef;
    }

    public void setIntegrationRef(String integrationRef) {
        this.integrationRef = integrationRef;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Map<String, String> getRequestParameters() {
        return requestParameters;
    }

    public void setRequestParameters(Map<String, String> requestParameters) {
        this.requestParameters = requestParameters;
    }

    public Map<String, Map<String, String>> getResponseParameters() {
        return responseParameters;
    }

    public void setResponseParameters(Map<String, Map<String, String>> responseParameters) {
        this.responseParameters = responseParameters;
    }

    public Map<String, String> getRequestTemplates() {
        return requestTemplates;
    }

    public void setRequestTemplates(Map<String, String> requestTemplates) {
        this.requestTemplates = requestTemplates;
    }

    public PassthroughBehavior getPassthroughBehavior() {
        return passthroughBehavior;
    }

    public void setPassthroughBehavior(PassthroughBehavior passthroughBehavior) {
        this.passthroughBehavior = passthroughBehavior;
    }

    public ContentHandling getContentHandling() {
        return contentHandling;
    }

    public void setContentHandling(ContentHandling contentHandling) {
        this.contentHandling = contentHandling;
    }

    public List<String> getCacheKeyParameters() {
        return cacheKeyParameters;
    }

    public void setCacheKeyParameters(List<String> cacheKeyParameters) {
        this.cacheKeyParameters = cacheKeyParameters;
    }

    public String getCacheNamespace() {
        return cacheNamespace;
    }

    public void setCacheNamespace(String cacheNamespace) {
        this.cacheNamespace = cacheNamespace;
    }

    public Integer getTimeoutMillis() {
        return timeoutMillis;
    }

    public void setTimeoutMillis(Integer timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public List<IntegrationResponse> getResponses() {
        return responses;
    }

    public void setResponses(List<IntegrationResponse> responses) {
        this.responses = responses;
    }
}
