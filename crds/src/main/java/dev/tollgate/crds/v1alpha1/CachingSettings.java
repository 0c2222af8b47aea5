package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Response caching of a method. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class CachingSettings {
    @JsonPropertyDescription("Whether responses are cached.")
    private Boolean enabled;

    @JsonPropertyDescription("Seconds a response is cached.")
    @Min(0)
    @Max(3600)
    private Integer ttlInSeconds;

    @JsonPropertyDescription("Encrypt cached data.")
    private Boolean dataEncrypted;

    @JsonPropertyDescription("Cache-Control: max-age=0 needs authorization.")
    private Boolean requireAuthorizationForCacheControl;

    @JsonPropertyDescription("What unauthorized invalidation requests get.")
    private UnauthorizedCacheControlHeaderStrategy unauthorizedCacheControlHeaderStrategy;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getTtlInSeconds() {
        return ttlInSeconds;
    }

    public void setTtlInSeconds(Integer ttlInSeconds) {
        this.ttlInSeconds = ttlInSeconds;
    }

    public Boolean getDataEncrypted() {
        return dataEncrypted;
    }

    public void setDataEncrypted(Boolean dataEncrypted) {
        this.dataEncrypted = dataEncrypted;
    }

    public Boolean getRequireAuthorizationForCacheControl() {
        return requireAuthorizationForCacheControl;
    }

    public void setRequireAuthorizationForCacheControl(Boolean requireAuthorizationForCacheControl) {
        this.requireAuthorizationForCacheControl = requireAuthorizationForCacheControl;
    }

    public UnauthorizedCacheControlHeaderStrategy getUnauthorizedCacheControlHeaderStrategy() {
        return unauthorizedCacheControlHeaderStrategy;
    }

    public void setUnauthorizedCacheControlHeaderStrategy(
            UnauthorizedCacheControlHeaderStrategy unauthorizedCacheControlHeaderStrategy) {
        this.unauthorizedCacheControlHeaderStrategy = unauthorizedCacheControlHeaderStrategy;
    }
}
