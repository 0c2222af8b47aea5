package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Where the data plane exports the spans of Stages with {@code tracingEnabled}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewayTracing {
    @JsonPropertyDescription("OTLP/HTTP (protobuf) collector URL, e.g. http://otel-collector.observability:4318;"
            + " /v1/traces is appended when the URL has no path.")
    private String endpoint;

    @JsonPropertyDescription("Share of new traces sampled, 0..1 (default 1); a caller's sampled flag is honoured.")
    @Min(0)
    @Max(1)
    private Double samplingRatio;

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Double getSamplingRatio() {
        return samplingRatio;
    }

    public void setSamplingRatio(Double samplingRatio) {
        this.samplingRatio = samplingRatio;
    }
}
