package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A Kubernetes Service and one of its ports. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "has(self.port) != has(self.portName)", message = "exactly one of port or portName must be set")
public class ServiceRef {
    @JsonPropertyDescription("Name of the Service.")
    @Required
    private String name;

    @JsonPropertyDescription("Namespace of the Service; the resource's own namespace when absent.")
    private String namespace;

    @JsonPropertyDescription("Service port number.")
    @Min(1)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription("Name of a Service port.")
    private String portName;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getPortName() {
        return portName;
    }

    public void setPortName(String portName) {
        this.portName = portName;
    }
}
