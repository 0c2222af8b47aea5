package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A method response the method declares. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MethodResponse {
    @JsonPropertyDescription("Status code.")
    @Required
    @Min(100)
    @Max(599)
    private Integer statusCode;

    @JsonPropertyDescription("method.response.header.NAME to whether it is required.")
    private Map<String, Boolean> responseParameters;

    @JsonPropertyDescription("Content type to model name.")
    private Map<String, String> responseModels;

    public Integer getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(Integer statusCode) {
        this.statusCode = statusCode;
    }

    public Map<String, Boolean> getResponseParameters() {
        return responseParameters;
    }

    public void setResponseParameters(Map<String, Boolean> responseParameters) {
        this.responseParameters = responseParameters;
    }

    public Map<String, String> getResponseModels() {
        return responseModels;
    }

    public void setResponseModels(Map<String, String> responseModels) {
        this.responseModels = responseModels;
    }
}
