package dev.tollgate.controlapi;

import dev.tollgate.controlapi.auth.AccessPolicy;
import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.ControlApiServer;
import dev.tollgate.controlapi.http.Router;
import dev.tollgate.controlapi.sigv4.CredentialLookup;
import dev.tollgate.controlapi.sigv4.SigV4Verifier;
import dev.tollgate.controlapi.store.ControlStore;
import dev.tollgate.controlapi.v1.ApiParts;
import dev.tollgate.controlapi.v1.Deployments;
import dev.tollgate.controlapi.v1.Domains;
import dev.tollgate.controlapi.v1.Methods;
import dev.tollgate.controlapi.v1.Plans;
import dev.tollgate.controlapi.v1.RestApis;
import dev.tollgate.controlapi.v1.Scope;
import dev.tollgate.controlapi.v1.Stages;
import dev.tollgate.controlapi.v1.TestInvocations;
import dev.tollgate.controlapi.v1.UsageSource;
import dev.tollgate.controlapi.v2.HttpApis;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Function;

/**
 * The control API: AWS API Gateway's control-plane REST API (v1, and v2's basics) over a store,
 * signed with SigV4 (service {@code apigateway}, any region). Local mode and the operator start it
 * the same way, with their own store, credentials and access policy.
 */
public final class ControlApi {
    /** The SigV4 service name the AWS CLI and SDKs sign API Gateway's control plane with. */
    public static final String SERVICE = "apigateway";

    private ControlApi() {}

    /**
     * What a control API serves with.
     *
     * @param store where resources are read and written
     * @param credentials who may sign requests, and which namespace and identity each key maps to
     * @param policy what each identity may do
     * @param usage where get-usage reads usage
     * @param clock the clock signatures are checked against
     */
    public record Settings(
            ControlStore store,
            CredentialLookup<Caller> credentials,
            AccessPolicy policy,
            UsageSource usage,
            Clock clock,
            TestInvocations invocations) {

        /** Settings where no gateway runs test invocations. */
        public Settings(
                ControlStore store,
                CredentialLookup<Caller> credentials,
                AccessPolicy policy,
                UsageSource usage,
                Clock clock) {
            this(store, credentials, policy, usage, clock, TestInvocations.none());
        }
    }

    /** Starts serving on {@code bind:port} (0 for a free port) with two worker threads. */
    public static ControlApiServer start(String bind, int port, Settings settings) throws IOException {
        SigV4Verifier<Caller> verifier = new SigV4Verifier<>(
                SERVICE,
                SigV4Verifier.anyRegion(),
                settings.credentials(),
                settings.clock(),
                SigV4Verifier.DEFAULT_SKEW);
        return ControlApiServer.start(bind, port, 2, verifier, router(settings));
    }

    /** Every operation served, by AWS's request URIs. */
    public static Router router(Settings settings) {
        Function<Call, Scope> scopes = call -> new Scope(settings.store(), call.caller(), settings.policy());
        RestApis apis = new RestApis(scopes);
        Methods methods = new Methods(scopes);
        ApiParts parts = new ApiParts(scopes);
        Stages stages = new Stages(scopes);
        Deployments deployments = new Deployments(scopes, settings.clock(), settings.invocations());
        Plans plans = new Plans(scopes, settings.usage());
        Domains domains = new Domains(scopes);
        String api = "/restapis/{restapi_id}";
        String resource = api + "/resources/{resource_id}";
        String method = resource + "/methods/{http_method}";
        Router r = new Router();
        r.add("POST", "/restapis?mode=import", apis::importApi)
                .add("POST", "/restapis", apis::create)
                .add("GET", "/restapis", apis::list)
                .add("GET", api, apis::get)
                .add("PATCH", api, apis::update)
                .add("PUT", api, apis::put)
                .add("DELETE", api, apis::delete)
                .add("GET", api + "/stages/{stage_name}/exports/{export_type}", apis::export)
                // resources, methods, integrations
                .add("GET", api + "/resources", methods::getResources)
                .add("GET", resource, methods::getResource)
                .add("POST", api + "/resources/{parent_id}", methods::createResource)
                .add("PATCH", resource, methods::updateResource)
                .add("DELETE", resource, methods::deleteResource)
                .add("PUT", method, methods::putMethod)
                .add("GET", method, methods::getMethod)
                .add("PATCH", method, methods::updateMethod)
                .add("DELETE", method, methods::deleteMethod)
                .add("POST", method, deployments::testInvoke)
                .add("PUT", method + "/responses/{status_code}", methods::putMethodResponse)
                .add("GET", method + "/responses/{status_code}", methods::getMethodResponse)
                .add("PATCH", method + "/responses/{status_code}", methods::updateMethodResponse)
                .add("DELETE", method + "/responses/{status_code}", methods::deleteMethodResponse)
                .add("PUT", method + "/integration", methods::putIntegration)
                .add("GET", method + "/integration", methods::getIntegration)
                .add("PATCH", method + "/integration", methods::updateIntegration)
                .add("DELETE", method + "/integration", methods::deleteIntegration)
                .add("PUT", method + "/integration/responses/{status_code}", methods::putIntegrationResponse)
                .add("GET", method + "/integration/responses/{status_code}", methods::getIntegrationResponse)
                .add("PATCH", method + "/integration/responses/{status_code}", methods::updateIntegrationResponse)
                .add("DELETE", method + "/integration/responses/{status_code}", methods::deleteIntegrationResponse)
                // authorizers, models, validators, gateway responses
                .add("POST", api + "/authorizers", parts::createAuthorizer)
                .add("GET", api + "/authorizers", parts::getAuthorizers)
                .add("GET", api + "/authorizers/{authorizer_id}", parts::getAuthorizer)
                .add("PATCH", api + "/authorizers/{authorizer_id}", parts::updateAuthorizer)
                .add("DELETE", api + "/authorizers/{authorizer_id}", parts::deleteAuthorizer)
                .add("POST", api + "/models", parts::createModel)
                .add("GET", api + "/models", parts::getModels)
                .add("GET", api + "/models/{model_name}", parts::getModel)
                .add("PATCH", api + "/models/{model_name}", parts::updateModel)
                .add("DELETE", api + "/models/{model_name}", parts::deleteModel)
                .add("POST", api + "/requestvalidators", parts::createRequestValidator)
                .add("GET", api + "/requestvalidators", parts::getRequestValidators)
                .add("GET", api + "/requestvalidators/{requestvalidator_id}", parts::getRequestValidator)
                .add("PATCH", api + "/requestvalidators/{requestvalidator_id}", parts::updateRequestValidator)
                .add("DELETE", api + "/requestvalidators/{requestvalidator_id}", parts::deleteRequestValidator)
                .add("PUT", api + "/gatewayresponses/{response_type}", parts::putGatewayResponse)
                .add("GET", api + "/gatewayresponses", parts::getGatewayResponses)
                .add("GET", api + "/gatewayresponses/{response_type}", parts::getGatewayResponse)
                .add("PATCH", api + "/gatewayresponses/{response_type}", parts::updateGatewayResponse)
                .add("DELETE", api + "/gatewayresponses/{response_type}", parts::deleteGatewayResponse)
                // stages and deployments
                .add("POST", api + "/stages", stages::create)
                .add("GET", api + "/stages", stages::list)
                .add("GET", api + "/stages/{stage_name}", stages::get)
                .add("PATCH", api + "/stages/{stage_name}", stages::update)
                .add("DELETE", api + "/stages/{stage_name}", stages::delete)
                .add("DELETE", api + "/stages/{stage_name}/cache/data", stages::flush)
                .add("DELETE", api + "/stages/{stage_name}/cache/authorizers", stages::flush)
                .add("POST", api + "/deployments", deployments::create)
                .add("GET", api + "/deployments", deployments::list)
                .add("GET", api + "/deployments/{deployment_id}", deployments::get)
                .add("PATCH", api + "/deployments/{deployment_id}", deployments::update)
                .add("DELETE", api + "/deployments/{deployment_id}", deployments::delete)
                // usage plans, keys, usage
                .add("POST", "/usageplans", plans::createPlan)
                .add("GET", "/usageplans", plans::getPlans)
                .add("GET", "/usageplans/{usageplanId}", plans::getPlan)
                .add("PATCH", "/usageplans/{usageplanId}", plans::updatePlan)
                .add("DELETE", "/usageplans/{usageplanId}", plans::deletePlan)
                .add("POST", "/usageplans/{usageplanId}/keys", plans::createPlanKey)
                .add("GET", "/usageplans/{usageplanId}/keys", plans::getPlanKeys)
                .add("GET", "/usageplans/{usageplanId}/keys/{keyId}", plans::getPlanKey)
                .add("DELETE", "/usageplans/{usageplanId}/keys/{keyId}", plans::deletePlanKey)
                .add("GET", "/usageplans/{usageplanId}/usage", plans::getUsage)
                .add("POST", "/apikeys", plans::createKey)
                .add("GET", "/apikeys", plans::getKeys)
                .add("GET", "/apikeys/{api_Key}", plans::getKey)
                .add("PATCH", "/apikeys/{api_Key}", plans::updateKey)
                .add("DELETE", "/apikeys/{api_Key}", plans::deleteKey)
                // domain names
                .add("POST", "/domainnames", domains::create)
                .add("GET", "/domainnames", domains::list)
                .add("GET", "/domainnames/{domain_name}", domains::get)
                .add("PATCH", "/domainnames/{domain_name}", domains::update)
                .add("DELETE", "/domainnames/{domain_name}", domains::delete)
                .add("POST", "/domainnames/{domain_name}/basepathmappings", domains::createMapping)
                .add("GET", "/domainnames/{domain_name}/basepathmappings", domains::getMappings)
                .add("GET", "/domainnames/{domain_name}/basepathmappings/{base_path}", domains::getMapping)
                .add("PATCH", "/domainnames/{domain_name}/basepathmappings/{base_path}", domains::updateMapping)
                .add("DELETE", "/domainnames/{domain_name}/basepathmappings/{base_path}", domains::deleteMapping);
        HttpApis.routes(r, scopes);
        return r;
    }
}
