package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** One integration response: when it applies and what the client gets. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class IntegrationResponse {
    @JsonPropertyDescription("Regex matched against the backend status; absent marks the default response.")
    private String selectionPattern;

    @JsonPropertyDescription("Method response status sent to the client.")
    @Required
    @Min(100)
    @Max(599)
    private Integer statusCode;

    @JsonPropertyDescription("method.response.header.NAME to 'literal' or integration.response.header.NAME.")
    private Map<String, String> responseParameters;

    @JsonPropertyDescription("Bodies by content type.")
    private Map<String, String> responseTemplates;

    @JsonPropertyDescription("Payload conversion.")
    private ContentHandling contentHandling;

    public String getSelectionPattern() {
        return selectionPattern;
    }

    public void setSelectionPattern(String selectionPattern) {
        this.selectionPattern = selectionPattern;
    }

    public Integer getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(Integer statusCode) {
        this.statusCode = statusCode;
    }

    public Map<String, String> getResponseParameters() {
        return responseParameters;
    }

    public void setResponseParameters(Map<String, String> responseParameters) {
        this.responseParameters = responseParameters;
    }

    public Map<String, String> getResponseTemplates() {
        return responseTemplates;
    }

    public void setResponseTemplates(Map<String, String> responseTemplates) {
        this.responseTemplates = responseTemplates;
    }

    public ContentHandling getContentHandling() {
        return contentHandling;
    }

    public void setContentHandling(ContentHandling contentHandling) {
        this.contentHandling = contentHandling;
    }
}
