package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The plain HTTP listener. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HttpListener {
    @JsonPropertyDescription("Port.")
    @Min(1)
    @Max(65535)
    @Default("8080")
    private Integer port;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
