package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** An authorizer methods refer to by name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Authorizer {
    @JsonPropertyDescription("Name methods use in authorizerName.")
    @Required
    @Pattern("^" + Grammar.AUTHORIZER_NAME + "$")
    private String name;

    @JsonPropertyDescription("Kind of authorizer.")
    @Required
    private AuthorizerType type;

    @JsonPropertyDescription("Integration that runs a TOKEN or REQUEST authorizer.")
    private String integrationRef;

    @JsonPropertyDescription("Where the identity is read from, e.g. method.request.header.Authorization.")
    private String identitySource;

    @JsonPropertyDescription("Regex a TOKEN identity must match.")
    private String identityValidationExpression;

    @JsonPropertyDescription("Seconds an authorizer result is cached.")
    @Min(0)
    @Max(3600)
    private Integer resultTtlInSeconds;

    @JsonPropertyDescription("HTTP API Lambda authorizers: the event's payload format, 1.0 or 2.0 (default 2.0).")
    @Pattern("^(1\\.0|2\\.0)$")
    private String authorizerPayloadFormatVersion;

    @JsonPropertyDescription(
            "HTTP API Lambda authorizers with payload 2.0: the function answers {isAuthorized, context}.")
    private Boolean enableSimpleResponses;

    @JsonPropertyDescription("JWT validation settings (JWT and COGNITO_USER_POOLS).")
    private JwtConfiguration jwt;

    @JsonPropertyDescription("Scopes this authorizer can grant.")
    private List<String> scopes;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public AuthorizerType getType() {
        return type;
    }

    public void setType(AuthorizerType type) {
        this.type = type;
    }

    public String getIntegrationRef() {
        return integrationRef;
    }

    public void setIntegrationRef(String integrationRef) {
        this.integrationRef = integrationRef;
    }

    public String getIdentitySource() {
        return identitySource;
    }

    public void setIdentitySource(String identitySource) {
        this.identitySource = identitySource;
    }

    public String getIdentityValidationExpression() {
        return identityValidationExpression;
    }

    public void setIdentityValidationExpression(String identityValidationExpression) {
        this.identityValidationExpression = identityValidationExpression;
    }

    public Integer getResultTtlInSeconds() {
        return resultTtlInSeconds;
    }

    public void setResultTtlInSeconds(Integer resultTtlInSeconds) {
        this.resultTtlInSeconds = resultTtlInSeconds;
    }

    public JwtConfiguration getJwt() {
        return jwt;
    }

    public void setJwt(JwtConfiguration jwt) {
        this.jwt = jwt;
    }

    public List<String> getScopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    public String getAuthorizerPayloadFormatVersion() {
        return authorizerPayloadFormatVersion;
    }

    public void setAuthorizerPayloadFormatVersion(String authorizerPayloadFormatVersion) {
        this.authorizerPayloadFormatVersion = authorizerPayloadFormatVersion;
    }

    public Boolean getEnableSimpleResponses() {
        return enableSimpleResponses;
    }

    public void setEnableSimpleResponses(Boolean enableSimpleResponses) {
        this.enableSimpleResponses = enableSimpleResponses;
    }
}
