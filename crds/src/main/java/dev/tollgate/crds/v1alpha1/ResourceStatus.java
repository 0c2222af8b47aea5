package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state every kind reports: conditions Accepted and, where it serves traffic, Programmed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ResourceStatus {
    @JsonPropertyDescription("The metadata.generation the conditions describe.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions, keyed by type.")
    private List<Condition> conditions;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
