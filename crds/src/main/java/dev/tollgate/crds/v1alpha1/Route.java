package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A route of an HTTP or WebSocket API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Route {
    @JsonPropertyDescription("HTTP APIs: METHOD /path (e.g. GET /pets/{id}) or $default. WebSocket APIs: $connect,"
            + " $disconnect, $default or the value the route selection expression selects.")
    @Required
    private String routeKey;

    @JsonPropertyDescription("What serves the route.")
    @Required
    private MethodIntegration integration;

    @JsonPropertyDescription("How callers are authorized.")
    @Default("NONE")
    private AuthorizationType authorizationType;

    @JsonPropertyDescription("Authorizer used for CUSTOM and JWT.")
    private String authorizerName;

    @JsonPropertyDescription("Whether a valid API key is required.")
    private Boolean apiKeyRequired;

    @JsonPropertyDescription("OAuth scopes the caller needs.")
    private List<String> authorizationScopes;

    @JsonPropertyDescription("Friendly operation name.")
    private String operationName;

    @JsonPropertyDescription("WebSocket APIs: $default makes the route two-way (the integration's answer is"
            + " sent back to the client as a message); unset, the route is one-way.")
    private String routeResponseSelectionExpression;

    public String getRouteKey() {
        return routeKey;
    }

    public void setRouteKey(String routeKey) {
        this.routeKey = routeKey;
    }

    public MethodIntegration getIntegration() {
        return integration;
    }

    public void setIntegration(MethodIntegration integration) {
        this.integration = integration;
    }

    public AuthorizationType getAuthorizationType() {
        return authorizationType;
    }

    public void setAuthorizationType(AuthorizationType authorizationType) {
        this.authorizationType = authorizationType;
    }

    public String getAuthorizerName() {
        return authorizerName;
    }

    public void setAuthorizerName(String authorizerName) {
        this.authorizerName = authorizerName;
    }

    public Boolean getApiKeyRequired() {
        return apiKeyRequired;
    }

    public void setApiKeyRequired(Boolean apiKeyRequired) {
        this.apiKeyRequired = apiKeyRequired;
    }

    public List<String> getAuthorizationScopes() {
        return authorizationScopes;
    }

    public void setAuthorizationScopes(List<String> authorizationScopes) {
        this.authorizationScopes = authorizationScopes;
    }

    public String getOperationName() {
        return operationName;
    }

    public void setOperationName(String operationName) {
        this.operationName = operationName;
    }

    public String getRouteResponseSelectionExpression() {
        return routeResponseSelectionExpression;
    }

    public void setRouteResponseSelectionExpression(String routeResponseSelectionExpression) {
        this.routeResponseSelectionExpression = routeResponseSelectionExpression;
    }
}
