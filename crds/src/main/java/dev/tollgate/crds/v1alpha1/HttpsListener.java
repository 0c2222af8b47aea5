package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The TLS listener for custom domains. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HttpsListener {
    @JsonPropertyDescription("Port.")
    @Min(1)
    @Max(65535)
    @Default("8443")
    private Integer port;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
