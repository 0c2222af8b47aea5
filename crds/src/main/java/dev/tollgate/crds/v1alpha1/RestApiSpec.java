package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a RestApi. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = "(has(self.protocolType) && self.protocolType != 'REST') ? !has(self.resources) : !has(self.routes)",
        message = "REST APIs use resources; HTTP and WEBSOCKET APIs use routes")
public class RestApiSpec {
    @JsonPropertyDescription("REST (resources), HTTP or WEBSOCKET (routes).")
    @Default("REST")
    private ProtocolType protocolType;

    @JsonPropertyDescription("Human description.")
    private String description;

    @JsonPropertyDescription("Where API keys are read from.")
    private ApiKeySource apiKeySource;

    @JsonPropertyDescription("Serve only through DomainName mappings.")
    private Boolean disableExecuteApiEndpoint;

    @JsonPropertyDescription(
            "Let a {proxy+} path value hold an encoded slash (%2F), passed to the backend still encoded."
                    + " Off by default: such a request matches no route, as on AWS; a {param} value never may.")
    private Boolean allowEncodedSlashInProxy;

    @JsonPropertyDescription("Content types treated as binary.")
    private List<String> binaryMediaTypes;

    @JsonPropertyDescription("Smallest response body compressed, in bytes.")
    @Min(0)
    @Max(10485760)
    private Integer minimumCompressionSize;

    @JsonPropertyDescription("AWS endpoint configuration.")
    private EndpointConfiguration endpointConfiguration;

    @JsonPropertyDescription("Resource policy.")
    private ResourcePolicy policy;

    @JsonPropertyDescription("CORS answered by the gateway.")
    private Cors cors;

    @JsonPropertyDescription("Authorizers methods refer to.")
    private List<Authorizer> authorizers;

    @JsonPropertyDescription("Models for validation.")
    private List<Model> models;

    @JsonPropertyDescription("Request validators methods refer to.")
    private List<RequestValidator> requestValidators;

    @JsonPropertyDescription("Customised gateway error responses.")
    private List<GatewayResponse> gatewayResponses;

    @JsonPropertyDescription("Resources of a REST API.")
    private List<Resource> resources;

    @JsonPropertyDescription("Routes of an HTTP or WebSocket API.")
    private List<Route> routes;

    @JsonPropertyDescription("WebSocket APIs: which route a message takes, e.g. $request.body.action"
            + " (a JSON path into the message); a message it selects no route for takes $default.")
    private String routeSelectionExpression;

    @JsonPropertyDescription("WebSocket APIs: where $connect reads the API key of a route with apiKeyRequired,"
            + " $request.header.x-api-key (the default) or $context.authorizer.usageIdentifierKey.")
    private String apiKeySelectionExpression;

    public ProtocolType getProtocolType() {
        return protocolType;
    }

    public void setProtocolType(ProtocolType protocolType) {
        this.protocolType = protocolType;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public ApiKeySource getApiKeySource() {
        return apiKeySource;
    }

    public void setApiKeySource(ApiKeySource apiKeySource) {
        this.apiKeySource = apiKeySource;
    }

    public Boolean getDisableExecuteApiEndpoint() {
        return disableExecuteApiEndpoint;
    }

    public void setDisableExecuteApiEndpoint(Boolean disableExecuteApiEndpoint) {
        this.disableExecuteApiEndpoint = disableExecuteApiEndpoint;
    }

    public Boolean getAllowEncodedSlashInProxy() {
        return allowEncodedSlashInProxy;
    }

    public void setAllowEncodedSlashInProxy(Boolean allowEncodedSlashInProxy) {
        this.allowEncodedSlashInProxy = allowEncodedSlashInProxy;
    }

    public List<String> getBinaryMediaTypes() {
        return binaryMediaTypes;
    }

    public void setBinaryMediaTypes(List<String> binaryMediaTypes) {
        this.binaryMediaTypes = binaryMediaTypes;
    }

    public Integer getMinimumCompressionSize() {
        return minimumCompressionSize;
    }

    public void setMinimumCompressionSize(Integer minimumCompressionSize) {
        this.minimumCompressionSize = minimumCompressionSize;
    }

    public EndpointConfiguration getEndpointConfiguration() {
        return endpointConfiguration;
    }

    public void setEndpointConfiguration(EndpointConfiguration endpointConfiguration) {
        this.endpointConfiguration = endpointConfiguration;
    }

    public ResourcePolicy getPolicy() {
        return policy;
    }

    public void setPolicy(ResourcePolicy policy) {
        this.policy = policy;
    }

    public Cors getCors() {
        return cors;
    }

    public void setCors(Cors cors) {
        this.cors = cors;
    }

    public List<Authorizer> getAuthorizers() {
        return authorizers;
    }

    public void setAuthorizers(List<Authorizer> authorizers) {
        this.authorizers = authorizers;
    }

    public List<Model> getModels() {
        return models;
    }

    public void setModels(List<Model> models) {
        this.models = models;
    }

    public List<RequestValidator> getRequestValidators() {
        return requestValidators;
    }

    public void setRequestValidators(List<RequestValidator> requestValidators) {
        this.requestValidators = requestValidators;
    }

    public List<GatewayResponse> getGatewayResponses() {
        return gatewayResponses;
    }

    public void setGatewayResponses(List<GatewayResponse> gatewayResponses) {
        this.gatewayResponses = gatewayResponses;
    }

    public List<Resource> getResources() {
        return resources;
    }

    public void setResources(List<Resource> resources) {
        this.resources = resources;
    }

    public List<Route> getRoutes() {
        return routes;
    }

    public void setRoutes(List<Route> routes) {
        this.routes = routes;
    }

    public String getRouteSelectionExpression() {
        return routeSelectionExpression;
    }

    public void setRouteSelectionExpression(String routeSelectionExpression) {
        this.routeSelectionExpression = routeSelectionExpression;
    }

    public String getApiKeySelectionExpression() {
        return apiKeySelectionExpression;
    }

    public void setApiKeySelectionExpression(String apiKeySelectionExpression) {
        this.apiKeySelectionExpression = apiKeySelectionExpression;
    }
}
