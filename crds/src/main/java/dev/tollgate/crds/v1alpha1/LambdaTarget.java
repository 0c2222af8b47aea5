package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A function invoked through the Lambda invoke API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LambdaTarget {
    @JsonPropertyDescription("Function name or ARN; may contain ${stageVariables.x}.")
    @Required
    private String functionName;

    @JsonPropertyDescription("Service that serves the Lambda invoke API.")
    private ServiceRef service;

    @JsonPropertyDescription("Version or alias.")
    private String qualifier;

    @JsonPropertyDescription("HTTP APIs: the proxy event's payload format, 1.0 or 2.0 (default 2.0).")
    @Pattern("^(1\\.0|2\\.0)$")
    private String payloadFormatVersion;

    @JsonPropertyDescription(
            "Invocations the gateway runs at once per function. Default: one per ready endpoint of the Service,"
                    + " each sent to its own endpoint (the Runtime Interface Emulator runs one at a time); 1 in local"
                    + " mode.")
    @Min(1)
    @Max(10000)
    private Integer maxConcurrency;

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

    public String getPayloadFormatVersion() {
        return payloadFormatVersion;
    }

    public void setPayloadFormatVersion(String payloadFormatVersion) {
        this.payloadFormatVersion = payloadFormatVersion;
    }

    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }
}
