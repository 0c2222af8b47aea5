package dev.tollgate.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * What a deployment froze: the RestApi's spec and, because a method's integration is part of the
 * API on AWS, the specs of the Integrations its methods, routes and authorizers refer to, by name.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DeploymentSnapshot {
    /** The most Integrations one snapshot holds; bounds the cost of the schema's rules in the map. */
    public static final int MAX_INTEGRATIONS = 256;

    @JsonPropertyDescription("The RestApi's spec as it was deployed.")
    @Required
    private RestApiSpec restApi;

    @JsonPropertyDescription("The spec of each Integration the RestApi refers to, by Integration name.")
    @Size(max = MAX_INTEGRATIONS)
    private Map<String, IntegrationSpec> integrations;

    public RestApiSpec getRestApi() {
        return restApi;
    }

    public void setRestApi(RestApiSpec restApi) {
        this.restApi = restApi;
    }

    public Map<String, IntegrationSpec> getIntegrations() {
        return integrations;
    }

    public void setIntegrations(Map<String, IntegrationSpec> integrations) {
        this.integrations = integrations;
    }
}
