package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The usage of a plan's current quota period, per API key (as AWS's GetUsage reports it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsagePlanUsage {
    @JsonPropertyDescription("Start of the current quota period (RFC 3339).")
    private String periodStart;

    @JsonPropertyDescription("End of the current quota period (RFC 3339).")
    private String periodEnd;

    @JsonPropertyDescription("The quota's request limit per period; absent when the plan has no quota.")
    private Long limit;

    @JsonPropertyDescription("When the data planes were last read (RFC 3339).")
    private String updatedAt;

    @JsonPropertyDescription("Usage per API key, sorted by key name.")
    private List<UsagePlanKeyUsage> keys;

    public String getPeriodStart() {
        return periodStart;
    }

    public void setPeriodStart(String periodStart) {
        this.periodStart = periodStart;
    }

    public String getPeriodEnd() {
        return periodEnd;
    }

    public void setPeriodEnd(String periodEnd) {
        this.periodEnd = periodEnd;
    }

    public Long getLimit() {
        return limit;
    }

    public void setLimit(Long limit) {
        this.limit = limit;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public List<UsagePlanKeyUsage> getKeys() {
        return keys;
    }

    public void setKeys(List<UsagePlanKeyUsage> keys) {
        this.keys = keys;
    }
}
