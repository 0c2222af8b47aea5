package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Connection pool settings to a backend. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConnectionSettings {
    @JsonPropertyDescription("Maximum connections per data plane replica.")
    @Min(1)
    private Integer maxConnections;

    @JsonPropertyDescription("Seconds an idle connection is kept.")
    @Min(1)
    private Integer idleTimeoutSeconds;

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(Integer idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }
}
