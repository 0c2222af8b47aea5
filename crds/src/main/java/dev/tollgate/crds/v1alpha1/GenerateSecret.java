package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret the operator generates the API key value into. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class GenerateSecret {
    @JsonPropertyDescription("Name of the Secret to create.")
    @Required
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
