package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A customised error response of the gateway. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewayResponse {
    @JsonPropertyDescription("Which error this customises.")
    @Required
    private GatewayResponseType type;

    @JsonPropertyDescription("Status code sent instead of the default.")
    @Min(100)
    @Max(599)
    private Integer statusCode;

    @JsonPropertyDescription("Headers: method.response.header.NAME to 'literal'.")
    private Map<String, String> responseParameters;

    @JsonPropertyDescription("Bodies by content type.")
    private Map<String, String> responseTemplates;

    public GatewayResponseType getType() {
        return type;
    }

    public void setType(GatewayResponseType type) {
        this.type = type;
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
}
