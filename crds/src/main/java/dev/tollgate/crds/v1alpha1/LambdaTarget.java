package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A function invoked through the Lambda invoke API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LambdaTarget {
    @JsonPropertyDescription("Function name.")
    @Required
    private String functionName;

    @JsonPropertyDescription("Service that serves the Lambda invoke API.")
    private ServiceRef service;

    @JsonPropertyDescription("Version or alias.")
    private String qualifier;

    public String getFunctionName() {
        return functionName;
    }

    public void setFunctionName(String functionName) {
        this.functionName = functionName;
    }

    public ServiceRef getService() {
        return service;
    }

    public void setService(ServiceRef service) {
        this.service = service;
    }

    public String getQualifier() {
        return qualifier;
    }

    public void setQualifier(String qualifier) {
        this.qualifier = qualifier;
    }
}
