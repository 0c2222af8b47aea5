package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How much the data plane's clients may take at once. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewayLimits {
    @JsonPropertyDescription("Connections each traffic listener holds at once; more are refused. Default: from the"
            + " process's file descriptor limit.")
    @Min(1)
    private Integer maxConnections;

    @JsonPropertyDescription(
            "HTTP/2 streams open at once per connection (SETTINGS_MAX_CONCURRENT_STREAMS). Default 100.")
    @Min(1)
    private Integer maxConcurrentStreams;

    @JsonPropertyDescription("Request body bytes held at once by the whole process for routes that read the body"
            + " (e.g. 256Mi); a request past it waits briefly, then gets 503. Default: a quarter of the memory"
            + " for buffers.")
    @Pattern("^" + Grammar.BYTE_SIZE + "$")
    private String requestBodyBudget;

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    public void setMaxConcurrentStreams(Integer maxConcurrentStreams) {
        this.maxConcurrentStreams = maxConcurrentStreams;
    }

    public String getRequestBodyBudget() {
        return requestBodyBudget;
    }

    public void setRequestBodyBudget(String requestBodyBudget) {
        this.requestBodyBudget = requestBodyBudget;
    }
}
