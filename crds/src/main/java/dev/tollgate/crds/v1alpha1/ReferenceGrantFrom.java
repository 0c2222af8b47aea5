package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Resources of one kind in one namespace that a ReferenceGrant admits. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ReferenceGrantFrom {
    @JsonPropertyDescription("Kind of the referring resource, e.g. Integration.")
    @Required
    private String kind;

    @JsonPropertyDescription("Namespace of the referring resource.")
    @Required
    private String namespace;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }
}
