package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** What a method's request validation checks. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RequestValidator {
    @JsonPropertyDescription("Name methods use in requestValidator.")
    @Required
    private String name;

    @JsonPropertyDescription("Validate the body against the request model.")
    private Boolean validateRequestBody;

    @JsonPropertyDescription("Check required request parameters.")
    private Boolean validateRequestParameters;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Boolean getValidateRequestBody() {
        return validateRequestBody;
    }

    public void setValidateRequestBody(Boolean validateRequestBody) {
        this.validateRequestBody = validateRequestBody;
    }

    public Boolean getValidateRequestParameters() {
        return validateRequestParameters;
    }

    public void setValidateRequestParameters(Boolean validateRequestParameters) {
        this.validateRequestParameters = validateRequestParameters;
    }
}
