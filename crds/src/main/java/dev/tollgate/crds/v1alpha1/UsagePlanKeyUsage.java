package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One API key's usage of the current quota period. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsagePlanKeyUsage {
    @JsonPropertyDescription("The ApiKey's name.")
    private String apiKey;

    @JsonPropertyDescription("Requests counted against the quota in this period.")
    private Long used;

    @JsonPropertyDescription("Requests left in this period.")
    private Long remaining;

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public Long getUsed() {
        return used;
    }

    public void setUsed(Long used) {
        this.used = used;
    }

    public Long getRemaining() {
        return remaining;
    }

    public void setRemaining(Long remaining) {
        this.remaining = remaining;
    }
}
