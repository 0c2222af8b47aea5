package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The stage's response cache. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class StageCache {
    @JsonPropertyDescription("Whether the cache exists.")
    private Boolean enabled;

    @JsonPropertyDescription("Cache size in GB, one of AWS's sizes.")
    @Pattern("^(" + Grammar.CACHE_CLUSTER_SIZE + ")$")
    private String size;

    @JsonPropertyDescription("Default seconds a response is cached.")
    @Min(0)
    @Max(3600)
    private Integer ttlInSeconds;

    @JsonPropertyDescription("Any text; changing it drops every cached response of the stage, on every replica"
            + " (AWS's FlushStageCache), e.g. a date or a counter.")
    private String flushToken;

    public String getFlushToken() {
        return flushToken;
    }

    public void setFlushToken(String flushToken) {
        this.flushToken = flushToken;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public Integer getTtlInSeconds() {
        return ttlInSeconds;
    }

    public void setTtlInSeconds(Integer ttlInSeconds) {
        this.ttlInSeconds = ttlInSeconds;
    }
}
