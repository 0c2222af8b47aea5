package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** A token bucket: steady rate and burst. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Throttle {
    @JsonPropertyDescription("Steady-state requests per second.")
    @Min(0)
    private Double rateLimit;

    @JsonPropertyDescription("Maximum burst of requests.")
    @Min(0)
    private Integer burstLimit;

    public Double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(Double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Integer getBurstLimit() {
        return burstLimit;
    }

    public void setBurstLimit(Integer burstLimit) {
        this.burstLimit = burstLimit;
    }
}
