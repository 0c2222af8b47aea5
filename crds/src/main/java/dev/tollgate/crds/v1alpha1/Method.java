package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** One HTTP method on a resource of a REST API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Method {
    @JsonPropertyDescription("The method; ANY takes every method no other takes.")
    @Required
    private HttpMethod httpMethod;

    @JsonPropertyDescription("How callers are authorized.")
    @Default("NONE")
    private AuthorizationType authorizationType;

    @JsonPropertyDescription("Authorizer used for CUSTOM, COGNITO_USER_POOLS and JWT.")
    private String authorizerName;

    @JsonPropertyDescription("OAuth scopes the caller needs.")
    private List<String> authorizationScopes;

    @JsonPropertyDescription("Whether a valid API key is required.")
    private Boolean apiKeyRequired;

    @JsonPropertyDescription("Friendly operation name.")
    private String operationName;

    @JsonPropertyDescription("method.request.{path,querystring,header}.NAME to whether it is required.")
    private Map<String, Boolean> requestParameters;

    @JsonPropertyDescription("Name of a request validator of this API.")
    private String requestValidator;

    @JsonPropertyDescription("Content type to model name.")
    private Map<String, String> requestModels;

    @JsonPropertyDescription("Declared method responses.")
    private List<MethodResponse> methodResponses;

    @JsonPropertyDescription("What serves the method.")
    @Required
    private MethodIntegration integration;

    public HttpMethod getHttpMethod() {
        return httpMethod;
    }

    public void setHttpMethod(HttpMethod httpMethod) {
        this.httpMethod = httpMethod;
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

    public List<String> getAuthorizationScopes() {
        return authorizationScopes;
    }

    public void setAuthorizationScopes(List<String> authorizationScopes) {
        this.authorizationScopes = authorizationScopes;
    }

    public Boolean getApiKeyRequired() {
        return apiKeyRequired;
    }

    public void setApiKeyRequired(Boolean apiKeyRequired) {
        this.apiKeyRequired = apiKeyRequired;
    }

    public String getOperationName() {
        return operationName;
    }

    public void setOperationName(String operationName) {
        this.operationName = operationName;
    }

    public Map<String, Boolean> getRequestParameters() {
        return requestParameters;
    }

    public void setRequestParameters(Map<String, Boolean> requestParameters) {
        this.requestParameters = requestParameters;
    }

    public String getRequestValidator() {
        return requestValidator;
    }

    public void setRequestValidator(String requestValidator) {
        this.requestValidator = requestValidator;
    }

    public Map<String, String> getRequestModels() {
        return requestModels;
    }

    public void setRequestModels(Map<String, String> requestModels) {
        this.requestModels = requestModels;
    }

    public List<MethodResponse> getMethodResponses() {
        return methodResponses;
    }

    public void setMethodResponses(List<MethodResponse> methodResponses) {
        this.methodResponses = methodResponses;
    }

    public MethodIntegration getIntegration() {
        return integration;
    }

    public void setIntegration(MethodIntegration integration) {
        this.integration = integration;
    }
}
