package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of a UsagePlan: conditions, and the usage of its current quota period. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class UsagePlanStatus extends ResourceStatus {
    @JsonPropertyDescription(
            "Per-key usage of the current quota period, as the data planes count it;" + " refreshed at a bounded rate.")
    private UsagePlanUsage usage;

    public UsagePlanUsage getUsage() {
        return usage;
    }

    public void setUsage(UsagePlanUsage usage) {
        this.usage = usage;
    }
}
