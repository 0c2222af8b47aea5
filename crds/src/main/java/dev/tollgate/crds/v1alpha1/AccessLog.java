package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Access logging of a stage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AccessLog {
    @JsonPropertyDescription("Line format with $context variables.")
    private String format;

    @JsonPropertyDescription("Where lines go: stdout (the default), file:///path[?maxSizeMb=N&maxFiles=N] (rotated"
            + " by size), or syslog+udp://host:port / syslog+tcp://host:port (RFC 5424).")
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
