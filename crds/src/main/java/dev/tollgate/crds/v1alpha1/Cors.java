package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** CORS settings answered by the gateway. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Cors {
    @JsonPropertyDescription("Allowed origins; * for any.")
    private List<String> allowOrigins;

    @JsonPropertyDescription("Allowed methods.")
    private List<String> allowMethods;

    @JsonPropertyDescription("Allowed request headers.")
    private List<String> allowHeaders;

    @JsonPropertyDescription("Response headers exposed to the browser.")
    private List<String> exposeHeaders;

    @JsonPropertyDescription("Seconds a preflight answer may be cached.")
    @Min(0)
    @Max(86400)
    private Integer maxAge;

    @JsonPropertyDescription("Whether credentials are allowed.")
    private Boolean allowCredentials;

    public List<String> getAllowOrigins() {
        return allowOrigins;
    }

    public void setAllowOrigins(List<String> allowOrigins) {
        this.allowOrigins = allowOrigins;
    }

    public List<String> getAllowMethods() {
        return allowMethods;
    }

    public void setAllowMethods(List<String> allowMethods) {
        this.allowMethods = allowMethods;
    }

    public List<String> getAllowHeaders() {
        return allowHeaders;
    }

    public void setAllowHeaders(List<String> allowHeaders) {
        this.allowHeaders = allowHeaders;
    }

    public List<String> getExposeHeaders() {
        return exposeHeaders;
    }

    public void setExposeHeaders(List<String> exposeHeaders) {
        this.exposeHeaders = exposeHeaders;
    }

    public Integer getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Integer maxAge) {
        this.maxAge = maxAge;
    }

    public Boolean getAllowCredentials() {
        return allowCredentials;
    }

    public void setAllowCredentials(Boolean allowCredentials) {
        this.allowCredentials = allowCredentials;
    }
}
