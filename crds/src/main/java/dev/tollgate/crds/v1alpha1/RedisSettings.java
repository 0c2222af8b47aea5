package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Redis shared by the replicas for throttles, quotas and the cache. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RedisSettings {
    @JsonPropertyDescription("redis:// or rediss:// URL.")
    @Required
    @Pattern("^rediss?://.+$")
    private String url;

    @JsonPropertyDescription("Password.")
    private SecretKeyRef passwordSecretRef;

    @JsonPropertyDescription("What limits do while Redis is unreachable.")
    private FailureMode failureMode;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SecretKeyRef getPasswordSecretRef() {
        return passwordSecretRef;
    }

    public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
        this.passwordSecretRef = passwordSecretRef;
    }

    public FailureMode getFailureMode() {
        return failureMode;
    }

    public void setFailureMode(FailureMode failureMode) {
        this.failureMode = failureMode;
    }
}
