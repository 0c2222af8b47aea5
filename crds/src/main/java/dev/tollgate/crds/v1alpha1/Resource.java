package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A resource (path) of a REST API with its methods. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Resource {
    @JsonPropertyDescription("Path template: /, static segments, {param} and a final {name+}.")
    @Required
    @Pattern("^/.*$")
    private String path;

    @JsonPropertyDescription("Methods on this path.")
    private List<Method> methods;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<Method> getMethods() {
        return methods;
    }

    public void setMethods(List<Method> methods) {
        this.methods = methods;
    }
}
