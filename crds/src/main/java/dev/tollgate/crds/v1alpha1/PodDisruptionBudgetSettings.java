package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** A PodDisruptionBudget for the data plane. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodDisruptionBudgetSettings {
    @JsonPropertyDescription("Pods that must stay available.")
    @Min(0)
    private Integer minAvailable;

    public Integer getMinAvailable() {
        return minAvailable;
    }

    public void setMinAvailable(Integer minAvailable) {
        this.minAvailable = minAvailable;
    }
}
