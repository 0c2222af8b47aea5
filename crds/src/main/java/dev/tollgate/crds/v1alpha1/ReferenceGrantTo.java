package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Objects of this namespace a ReferenceGrant opens: a kind, and optionally one name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ReferenceGrantTo {
    @JsonPropertyDescription("Kind of the target, e.g. Service.")
    @Required
    private String kind;

    @JsonPropertyDescription("Name of the target; every object of the kind when absent.")
    private String name;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
