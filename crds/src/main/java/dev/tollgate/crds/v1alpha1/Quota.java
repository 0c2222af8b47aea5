package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A request quota per API key. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Quota {
    @JsonPropertyDescription("Requests allowed per period.")
    @Required
    @Min(0)
    private Integer limit;

    @JsonPropertyDescription("The period.")
    @Required
    private QuotaPeriod period;

    @JsonPropertyDescription("Days (or hours for DAY) the period start is shifted by.")
    @Min(0)
    private Integer offset;

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public QuotaPeriod getPeriod() {
        return period;
    }

    public void setPeriod(QuotaPeriod period) {
        this.period = period;
    }

    public Integer getOffset() {
        return offset;
    }

    public void setOffset(Integer offset) {
        this.offset = offset;
    }
}
