package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;

/** The Kubernetes Service in front of the data plane. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GatewayService {
    @JsonPropertyDescription("Service type.")
    @Default("ClusterIP")
    private ServiceType type;

    @JsonPropertyDescription("Annotations of the Service.")
    private Map<String, String> annotations;

    public ServiceType getType() {
        return type;
    }

    public void setType(ServiceType type) {
        this.type = type;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
