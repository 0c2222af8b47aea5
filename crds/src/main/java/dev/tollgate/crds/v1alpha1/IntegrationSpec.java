package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Desired state of an Integration: a reusable backend. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value =
                "(has(self.service) ? 1 : 0) + (has(self.url) ? 1 : 0) + (has(self.lambda) ? 1 : 0) + (has(self.awsUri) ? 1 : 0) == (self.type == 'MOCK' ? 0 : 1)",
        message = "exactly one of service, url, lambda or awsUri must be set, none for MOCK")
public class IntegrationSpec {
    @JsonPropertyDescription("Kind of backend.")
    @Required
    private IntegrationType type;

    @JsonPropertyDescription("Method sent to the backend; ANY sends the request's method.")
    @Default("ANY")
    private HttpMethod httpMethod;

    @JsonPropertyDescription("In-cluster Service target.")
    private ServiceRef service;

    @JsonPropertyDescription("URL target (http or https); may contain ${stageVariables.x}.")
    @Pattern("^(https?://|\\$\\{stageVariables\\.).*$")
    private String url;

    @JsonPropertyDescription("Lambda function target.")
    private LambdaTarget lambda;

    @JsonPropertyDescription("Integration timeout in milliseconds.")
    @Min(50)
    @Max(29000)
    @Default("29000")
    private Integer timeoutMillis;

    @JsonPropertyDescription("integration.request.{header,querystring,path}.NAME to a source, AWS syntax.")
    private Map<String, String> requestParameters;

    @JsonPropertyDescription("Mapping templates by content type.")
    private Map<String, String> requestTemplates;

    @JsonPropertyDescription("What to do with a body that has no template.")
    private PassthroughBehavior passthroughBehavior;

    @JsonPropertyDescription("Payload conversion.")
    private ContentHandling contentHandling;

    @JsonPropertyDescription("Request parameters that are part of the cache key.")
    private List<String> cacheKeyParameters;

    @JsonPropertyDescription("TLS to the backend.")
    private BackendTls tls;

    @JsonPropertyDescription("Connection pool settings.")
    private ConnectionSettings connection;

    public IntegrationType getType() {
        return type;
    }

    public void setType(IntegrationType type) {
        this.type = type;
    }

    public HttpMethod getHttpMethod() {
        return httpMethod;
    }

    public void setHttpMethod(HttpMethod httpMethod) {
        this.httpMethod = httpMethod;
    }

    public ServiceRef getService() {
        return service;
    }

    public void setService(ServiceRef service) {
        this.service = service;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public LambdaTarget getLambda() {
        return lambda;
    }

    public void setLambda(LambdaTarget lambda) {
        this.lambda = lambda;
    }

    public Integer getTimeoutMillis() {
        return timeoutMillis;
    }

    public void setTimeoutMillis(Integer timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public Map<String, String> getRequestParameters() {
        return requestParameters;
    }

    public void setRequestParameters(Map<String, String> requestParameters) {
        this.requestParameters = requestParameters;
    }

    public Map<String, String> getRequestTemplates() {
        return requestTemplates;
    }

    public void setRequestTemplates(Map<String, String> requestTemplates) {
        this.requestTemplates = requestTemplates;
    }

    public PassthroughBehavior getPassthroughBehavior() {
        return passthroughBehavior;
    }

    public void setPassthroughBehavior(PassthroughBehavior passthroughBehavior) {
        this.passthroughBehavior = passthroughBehavior;
    }

    public ContentHandling getContentHandling() {
        return contentHandling;
    }

    public void setContentHandling(ContentHandling contentHandling) {
        this.contentHandling = contentHandling;
    }

    public List<String> getCacheKeyParameters() {
        return cacheKeyParameters;
    }

    public void setCacheKeyParameters(List<String> cacheKeyParameters) {
        this.cacheKeyParameters = cacheKeyParameters;
    }

    public BackendTls getTls() {
        return tls;
    }

    public void setTls(BackendTls tls) {
        this.tls = tls;
    }

    public ConnectionSettings getConnection() {
        return connection;
    }

    public void setConnection(ConnectionSettings connection) {
        this.connection = connection;
    }

    @JsonPropertyDescription(
            "AWS service URI (arn:aws:apigateway:REGION:SERVICE:path/... or action/...) of an AWS" + " integration.")
    @Pattern("^arn:aws[a-z-]*:apigateway:.*$")
    private String awsUri;

    @JsonPropertyDescription("Where the AWS service of an AWS integration is and who signs the calls.")
    private AwsServiceTarget aws;

    public AwsServiceTarget getAws() {
        return aws;
    }

    public void setAws(AwsServiceTarget aws) {
        this.aws = aws;
    }

    public String getAwsUri() {
        return awsUri;
    }

    public void setAwsUri(String awsUri) {
        this.awsUri = awsUri;
    }
}
