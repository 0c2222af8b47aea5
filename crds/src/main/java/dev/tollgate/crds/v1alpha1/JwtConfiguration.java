package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** How a JWT authorizer validates tokens. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class JwtConfiguration {
    @JsonPropertyDescription("Expected iss claim.")
    private String issuer;

    @JsonPropertyDescription("Accepted aud values.")
    private List<String> audiences;

    @JsonPropertyDescription(
            "Where the signing keys are published (https); without it, found by OpenID Connect discovery at"
                    + " {issuer}/.well-known/openid-configuration.")
    private String jwksUri;

    @JsonPropertyDescription(
            "Allow fetching the keys (and the discovery document) over plain http: for local" + " development only.")
    private Boolean allowInsecureHttp;

    public Boolean getAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(Boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    @JsonPropertyDescription("Seconds of clock skew tolerated on exp and nbf (default 60).")
    @Min(0)
    @Max(300)
    private Integer clockSkewSeconds;

    public Integer getClockSkewSeconds() {
        return clockSkewSeconds;
    }

    public void setClockSkewSeconds(Integer clockSkewSeconds) {
        this.clockSkewSeconds = clockSkewSeconds;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public List<String> getAudiences() {
        return audiences;
    }

    public void setAudiences(List<String> audiences) {
        this.audiences = audiences;
    }

    public String getJwksUri() {
        return jwksUri;
    }

    public void setJwksUri(String jwksUri) {
        this.jwksUri = jwksUri;
    }
}
