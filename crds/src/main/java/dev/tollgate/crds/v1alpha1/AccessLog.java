package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Access logging of a stage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AccessLog {
    @JsonPropertyDescription("Line format with $context variables.")
    private String format;

    @JsonPropertyDescription("Where lines go; the data plane's log when absent.")
    private String destination;

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }
}
