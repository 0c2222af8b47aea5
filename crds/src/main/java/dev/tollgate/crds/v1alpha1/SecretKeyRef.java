package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SecretKeyRef {
    @JsonPropertyDescription("Name of the Secret.")
    @Required
    private String name;

    @JsonPropertyDescription("Key within the Secret.")
    @Required
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
