package dev.tollgate.controlapi.v2;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.controlapi.http.Router;
import dev.tollgate.controlapi.v1.ApiView;
import dev.tollgate.controlapi.v1.Ids;
import dev.tollgate.controlapi.v1.Json;
import dev.tollgate.controlapi.v1.RestApis;
import dev.tollgate.controlapi.v1.Scope;
import dev.tollgate.controlapi.v1.Stages;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.MethodSetting;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageDeployment;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.crds.v1alpha1.Throttle;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway v2's basics: HTTP and WebSocket APIs (a RestApi with {@code protocolType} HTTP or
 * WEBSOCKET), their routes, integrations (an Integration resource each, {@code API-INTEGRATION})
 * and stages. A route created without a target waits in the annotation {@value #PENDING_ROUTES}
 * until one is set (a route needs an integration to be served).
 */
public final class HttpApis {
    static final String PENDING_ROUTES = "apigateway.tollgate.dev/pending-routes";
    /** The backend path of a v2 integration's URI, kept on its Integration resource. */
    static final String PATH = "apigateway.tollgate.dev/integration-path";

    private static final Pattern HTTP_URI = Pattern.compile("(https?://[^/?#]+)([^?#]*)");
    private static final Pattern LAMBDA_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:/]+(:[^:/]+)?");
    private static final TypeReference<List<Route>> ROUTES = new TypeReference<>() {};

    private final Function<Call, Scope> scopes;

    private HttpApis(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    /** Adds v2's routes. */
    public static void routes(Router r, Function<Call, Scope> scopes) {
        HttpApis v2 = new HttpApis(scopes);
        String api = "/v2/apis/{apiId}";
        r.add("POST", "/v2/apis", v2::createApi)
                .add("GET", "/v2/apis", v2::getApis)
                .add("GET", api, v2::getApi)
                .add("PATCH", api, v2::updateApi)
                .add("DELETE", api, v2::deleteApi)
                .add("POST", api + "/routes", v2::createRoute)
                .add("GET", api + "/routes", v2::getRoutes)
                .add("GET", api + "/routes/{routeId}", v2::getRoute)
                .add("PATCH", api + "/routes/{routeId}", v2::updateRoute)
                .add("DELETE", api + "/routes/{routeId}", v2::deleteRoute)
                .add("POST", api + "/integrations", v2::createIntegration)
                .add("GET", api + "/integrations", v2::getIntegrations)
                .add("GET", api + "/integrations/{integrationId}", v2::getIntegration)
                .add("DELETE", api + "/integrations/{integrationId}", v2::deleteIntegration)
                .add("POST", api + "/stages", v2::createStage)
                .add("GET", api + "/stages", v2::getStages)
                .add("GET", api + "/stages/{stageName}", v2::getStage)
                .add("DELETE", api + "/stages/{stageName}", v2::deleteStage);
    }

    // ---- APIs ----

    private static RestApi api(Scope scope, String id) {
        RestApi api = scope.find(RestApi.class, id)
                .filter(a -> a.getSpec() != null
                        && a.getSpec().getProtocolType() != null
                        && a.getSpec().getProtocolType() != ProtocolType.REST)
                .orElseThrow(() -> notFound("API", "Invalid API identifier specified " + id));
        return api;
    }

    static AwsException notFound(String type, String message) {
        return AwsException.notFound(message);
    }

    private static String iso(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds).toString();
    }

    static ObjectNode apiShape(Scope scope, RestApi api) {
        RestApiSpec spec = api.getSpec();
        ObjectNode out = Json.object();
        String id = api.getMetadata().getName();
        out.put("apiId", id);
        out.put(
                "name",
                api.getMetadata().getAnnotations() == null
                        ? id
                        : api.getMetadata().getAnnotations().getOrDefault(ApiView.NAME, id));
        out.put("protocolType", spec.getProtocolType().name());
        out.put(
                "apiEndpoint",
                (spec.getProtocolType() == ProtocolType.WEBSOCKET ? "ws://" : "http://") + id + "." + scope.namespace()
                        + ".execute-api.localhost");
        out.put(
                "routeSelectionExpression",
                spec.getProtocolType() == ProtocolType.WEBSOCKET
                        ? "$request.body.action"
                        : "${request.method} ${request.path}");
        out.put("apiKeySelectionExpression", "$request.header.x-api-key");
        Json.put(out, "description", spec.getDescription());
        out.put("disableExecuteApiEndpoint", Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint()));
        Json.put(out, "createdDate", iso(Json.created(api)));
        return out;
    }

    Reply createApi(Call call) {
        Scope scope = scopes.apply(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        ProtocolType type = RestApis.enumValue(ProtocolType.class, Json.required(body, "protocolType"), "protocolType");
        if (type == ProtocolType.REST) {
            throw AwsException.badRequest("protocolType is HTTP or WEBSOCKET here; REST APIs are create-rest-api's");
        }
        if (body.hasNonNull("target") || body.hasNonNull("corsConfiguration")) {
            throw AwsException.badRequest(
                    "quick create (target) and corsConfiguration are not supported yet: create the"
                            + " integration and route, and set CORS in the RestApi's spec.cors");
        }
        RestApiSpec spec = new RestApiSpec();
        spec.setProtocolType(type);
        spec.setDescription(Json.text(body, "description"));
        if (Boolean.TRUE.equals(Json.bool(body, "disableExecuteApiEndpoint"))) {
            spec.setDisableExecuteApiEndpoint(true);
        }
        RestApi api = new RestApi();
        api.setMetadata(RestApis.meta(RestApis.newId(scope, Json.strings(body, "tags"), RestApi.class), name));
        api.setSpec(spec);
        scope.apply(new Scope.Change.Create(api));
        return Reply.created(apiShape(scope, api));
    }

    Reply getApis(Call call) {
        Scope scope = scopes.apply(call);
        List<ObjectNode> items = scope.list(RestApi.class).stream()
                .filter(a -> a.getSpec() != null
                        && a.getSpec().getProtocolType() != null
                        && a.getSpec().getProtocolType() != ProtocolType.REST)
                .map(a -> apiShape(scope, a))
                .toList();
        return Reply.ok(v2Page(items, call));
    }

    private static ObjectNode v2Page(List<ObjectNode> items, Call call) {
        ObjectNode page = Json.page(items, call.query("nextToken"), call.query("maxResults"), "items");
        if (page.has("position")) {
            page.set("nextToken", page.remove("position"));
        }
        return page;
    }

    Reply getApi(Call call) {
        Scope scope = scopes.apply(call);
        return Reply.ok(apiShape(scope, api(scope, call.param("apiId"))));
    }

    Reply updateApi(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        JsonNode body = call.json();
        if (body.hasNonNull("name")) {
            ApiView.setDisplayName(api, Json.text(body, "name"));
        }
        if (body.has("description")) {
            api.getSpec().setDescription(Json.text(body, "description"));
        }
        if (body.has("disableExecuteApiEndpoint")) {
            api.getSpec()
                    .setDisableExecuteApiEndpoint(
                            Boolean.TRUE.equals(Json.bool(body, "disableExecuteApiEndpoint")) ? true : null);
        }
        scope.apply(new Scope.Change.Update(api));
        return Reply.ok(apiShape(scope, api));
    }

    Reply deleteApi(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String id = api.getMetadata().getName();
        List<Scope.Change> changes = new ArrayList<>();
        Stages.of(scope, id)
                .forEach(s -> changes.add(
                        new Scope.Change.Delete(Stage.class, s.getMetadata().getName())));
        changes.add(new Scope.Change.Delete(RestApi.class, id));
        RestApis.owned(scope, id)
                .forEach(i -> changes.add(new Scope.Change.Delete(
                        Integration.class, i.getMetadata().getName())));
        scope.apply(changes);
        return Reply.empty(204);
    }

    // ---- integrations ----

    private static String integrationName(String apiId, String integrationId) {
        return apiId + "-" + integrationId;
    }

    private static String integrationId(String apiId, Integration i) {
        String name = i.getMetadata().getName();
        return name.startsWith(apiId + "-") ? name.substring(apiId.length() + 1) : name;
    }

    private static ObjectNode integrationShape(String apiId, Integration i) {
        IntegrationSpec spec = i.getSpec();
        ObjectNode out = Json.object();
        out.put("integrationId", integrationId(apiId, i));
        out.put("connectionType", "INTERNET");
        switch (spec.getType()) {
            case LAMBDA_PROXY -> {
                out.put("integrationType", "AWS_PROXY");
                out.put(
                        "integrationUri",
                        spec.getLambda().getFunctionName()
                                + (spec.getLambda().getQualifier() == null
                                        ? ""
                                        : ":" + spec.getLambda().getQualifier()));
                out.put("payloadFormatVersion", "2.0");
            }
            case MOCK -> out.put("integrationType", "MOCK");
            default -> {
                out.put("integrationType", spec.getType().name());
                String path = i.getMetadata().getAnnotations() == null
                        ? ""
                        : i.getMetadata().getAnnotations().getOrDefault(PATH, "");
                Json.put(out, "integrationUri", spec.getUrl() == null ? null : spec.getUrl() + path);
                out.put(
                        "integrationMethod",
                        spec.getHttpMethod() == null
                                ? "ANY"
                                : spec.getHttpMethod().name());
                out.put("payloadFormatVersion", "1.0");
            }
        }
        Json.put(out, "timeoutInMillis", spec.getTimeoutMillis() == null ? 30000 : spec.getTimeoutMillis());
        Json.put(out, "requestParameters", spec.getRequestParameters());
        Json.put(out, "requestTemplates", spec.getRequestTemplates());
        return out;
    }

    private Integration integration(Scope scope, String apiId, String integrationId) {
        return RestApis.owned(scope, apiId).stream()
                .filter(i -> integrationId(apiId, i).equals(integrationId))
                .findFirst()
                .orElseThrow(() -> notFound("Integration", "Invalid Integration identifier specified"));
    }

    Reply createIntegration(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String apiId = api.getMetadata().getName();
        JsonNode body = call.json();
        String type = Json.required(body, "integrationType").toUpperCase(Locale.ROOT);
        String uri = Json.text(body, "integrationUri");
        IntegrationSpec spec = new IntegrationSpec();
        Map<String, String> annotations = new HashMap<>();
        switch (type) {
            case "HTTP_PROXY", "HTTP" -> {
                Matcher m = uri == null ? null : HTTP_URI.matcher(uri);
                if (m == null || !m.matches()) {
                    throw AwsException.badRequest("Invalid integrationUri: an http(s) URL without query string");
                }
                spec.setType(IntegrationType.valueOf(type));
                spec.setUrl(m.group(1));
                if (!m.group(2).isEmpty()) {
                    annotations.put(PATH, m.group(2));
                }
                String method = Json.text(body, "integrationMethod");
                spec.setHttpMethod(HttpMethod.valueOf(method == null ? "ANY" : method.toUpperCase(Locale.ROOT)));
            }
            case "AWS_PROXY" -> {
                String fn = uri == null ? null : uri.replaceAll(".*/functions/(.+)/invocations$", "$1");
                if (fn == null || !LAMBDA_ARN.matcher(fn).matches()) {
                    throw AwsException.badRequest(
                            "AWS_PROXY integrations call a Lambda function: integrationUri is its ARN");
                }
                LambdaTarget target = new LambdaTarget();
                int qualifier = fn.indexOf(':', fn.indexOf(":function:") + 10);
                target.setFunctionName(qualifier < 0 ? fn : fn.substring(0, qualifier));
                target.setQualifier(qualifier < 0 ? null : fn.substring(qualifier + 1));
                spec.setType(IntegrationType.LAMBDA_PROXY);
                spec.setLambda(target);
            }
            case "MOCK" -> spec.setType(IntegrationType.MOCK);
            default ->
                throw AwsException.badRequest("Invalid integrationType " + type + " (HTTP_PROXY, AWS_PROXY, MOCK)");
        }
        Integer timeout = Json.integer(body, "timeoutInMillis");
        if (timeout != null) {
            spec.setTimeoutMillis(Math.min(timeout, 29000));
        }
        spec.setRequestParameters(Json.strings(body, "requestParameters"));
        spec.setRequestTemplates(Json.strings(body, "requestTemplates"));
        String integrationId = Ids.random().substring(0, 7);
        Integration integration = new Integration();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(integrationName(apiId, integrationId));
        meta.setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, apiId)));
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        integration.setMetadata(meta);
        integration.setSpec(spec);
        scope.apply(new Scope.Change.Create(integration));
        return Reply.created(integrationShape(apiId, integration));
    }

    Reply getIntegrations(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        List<ObjectNode> items = RestApis.owned(scope, apiId).stream()
                .map(i -> integrationShape(apiId, i))
                .toList();
        return Reply.ok(v2Page(items, call));
    }

    Reply getIntegration(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        return Reply.ok(integrationShape(apiId, integration(scope, apiId, call.param("integrationId"))));
    }

    Reply deleteIntegration(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String apiId = api.getMetadata().getName();
        Integration integration = integration(scope, apiId, call.param("integrationId"));
        String name = integration.getMetadata().getName();
        if (routes(api).stream()
                .anyMatch(r -> r.getIntegration() != null
                        && name.equals(r.getIntegration().getIntegrationRef()))) {
            throw AwsException.conflict("Cannot delete an integration that routes use; change their target first");
        }
        scope.apply(new Scope.Change.Delete(Integration.class, name));
        return Reply.empty(204);
    }

    // ---- routes ----

    private static List<Route> routes(RestApi api) {
        List<Route> out = new ArrayList<>(
                api.getSpec().getRoutes() == null ? List.of() : api.getSpec().getRoutes());
        out.addAll(pending(api));
        return out;
    }

    private static List<Route> pending(RestApi api) {
        Map<String, String> a = api.getMetadata().getAnnotations();
        String text = a == null ? null : a.get(PENDING_ROUTES);
        if (text == null) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(Json.MAPPER.readValue(text, ROUTES));
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    private static void save(RestApi api, List<Route> all) {
        List<Route> served =
                all.stream().filter(r -> r.getIntegration() != null).toList();
        List<Route> waiting =
                all.stream().filter(r -> r.getIntegration() == null).toList();
        api.getSpec().setRoutes(served.isEmpty() ? null : new ArrayList<>(served));
        if (api.getMetadata().getAnnotations() == null) {
            api.getMetadata().setAnnotations(new HashMap<>());
        }
        if (waiting.isEmpty()) {
            api.getMetadata().getAnnotations().remove(PENDING_ROUTES);
        } else {
            api.getMetadata().getAnnotations().put(PENDING_ROUTES, Json.write(waiting));
        }
    }

    private static String routeId(String apiId, String routeKey) {
        return Ids.stable(apiId, "route", routeKey).substring(0, 7);
    }

    private static ObjectNode routeShape(String apiId, Route r) {
        ObjectNode out = Json.object();
        out.put("routeId", routeId(apiId, r.getRouteKey()));
        out.put("routeKey", r.getRouteKey());
        out.put("apiKeyRequired", Boolean.TRUE.equals(r.getApiKeyRequired()));
        out.put(
                "authorizationType",
                r.getAuthorizationType() == null
                        ? "NONE"
                        : r.getAuthorizationType().name());
        Json.put(out, "authorizationScopes", r.getAuthorizationScopes());
        Json.put(out, "operationName", r.getOperationName());
        if (r.getIntegration() != null) {
            String ref = r.getIntegration().getIntegrationRef();
            out.put(
                    "target",
                    "integrations/" + (ref.startsWith(apiId + "-") ? ref.substring(apiId.length() + 1) : ref));
        }
        return out;
    }

    private Route route(RestApi api, String routeId) {
        String apiId = api.getMetadata().getName();
        return routes(api).stream()
                .filter(r -> routeId(apiId, r.getRouteKey()).equals(routeId))
                .findFirst()
                .orElseThrow(() -> notFound("Route", "Invalid Route identifier specified"));
    }

    private void target(Scope scope, String apiId, Route route, String target) {
        if (target == null) {
            route.setIntegration(null);
            return;
        }
        if (!target.startsWith("integrations/")) {
            throw AwsException.badRequest("Invalid target " + target + ": integrations/INTEGRATION_ID");
        }
        Integration integration = integration(scope, apiId, target.substring("integrations/".length()));
        MethodIntegration mi = new MethodIntegration();
        mi.setIntegrationRef(integration.getMetadata().getName());
        Map<String, String> a = integration.getMetadata().getAnnotations();
        mi.setPath(a == null ? null : a.get(PATH));
        route.setIntegration(mi);
    }

    Reply createRoute(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String apiId = api.getMetadata().getName();
        JsonNode body = call.json();
        String routeKey = Json.required(body, "routeKey");
        List<Route> all = routes(api);
        if (all.stream().anyMatch(r -> r.getRouteKey().equals(routeKey))) {
            throw AwsException.conflict("Route with key " + routeKey + " already exists for this API");
        }
        Route route = new Route();
        route.setRouteKey(routeKey);
        String auth = Json.text(body, "authorizationType");
        if (auth != null && !auth.equals("NONE")) {
            route.setAuthorizationType(RestApis.enumValue(AuthorizationType.class, auth, "authorizationType"));
        }
        if (Boolean.TRUE.equals(Json.bool(body, "apiKeyRequired"))) {
            route.setApiKeyRequired(true);
        }
        route.setOperationName(Json.text(body, "operationName"));
        route.setAuthorizationScopes(Json.list(body, "authorizationScopes"));
        target(scope, apiId, route, Json.text(body, "target"));
        all.add(route);
        save(api, all);
        scope.apply(new Scope.Change.Update(api));
        return Reply.created(routeShape(apiId, route));
    }

    Reply getRoutes(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String apiId = api.getMetadata().getName();
        return Reply.ok(
                v2Page(routes(api).stream().map(r -> routeShape(apiId, r)).toList(), call));
    }

    Reply getRoute(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        return Reply.ok(routeShape(api.getMetadata().getName(), route(api, call.param("routeId"))));
    }

    Reply updateRoute(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        String apiId = api.getMetadata().getName();
        List<Route> all = routes(api);
        Route route = route(api, call.param("routeId"));
        Route same = all.stream()
                .filter(r -> r.getRouteKey().equals(route.getRouteKey()))
                .findFirst()
                .orElseThrow();
        JsonNode body = call.json();
        if (body.has("target")) {
            target(scope, apiId, same, Json.text(body, "target"));
        }
        if (body.hasNonNull("routeKey")) {
            same.setRouteKey(Json.text(body, "routeKey"));
        }
        if (body.has("apiKeyRequired")) {
            same.setApiKeyRequired(Boolean.TRUE.equals(Json.bool(body, "apiKeyRequired")) ? true : null);
        }
        if (body.hasNonNull("operationName")) {
            same.setOperationName(Json.text(body, "operationName"));
        }
        save(api, all);
        scope.apply(new Scope.Change.Update(api));
        return Reply.ok(routeShape(apiId, same));
    }

    Reply deleteRoute(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = api(scope, call.param("apiId"));
        Route route = route(api, call.param("routeId"));
        List<Route> all = routes(api);
        all.removeIf(r -> r.getRouteKey().equals(route.getRouteKey()));
        save(api, all);
        scope.apply(new Scope.Change.Update(api));
        return Reply.empty(204);
    }

    // ---- stages ----

    private static ObjectNode stageShape(Stage stage) {
        StageSpec spec = stage.getSpec();
        ObjectNode out = Json.object();
        out.put("stageName", Stages.stageName(stage));
        Json.put(out, "description", spec.getDescription());
        out.put(
                "autoDeploy",
                spec.getDeployment() == null || spec.getDeployment().getMode() != DeploymentMode.Pinned);
        Json.put(out, "stageVariables", spec.getVariables());
        Optional<MethodSetting> all = spec.getMethodSettings() == null
                ? Optional.empty()
                : spec.getMethodSettings().stream()
                        .filter(m -> m.getResourcePath().equals("*")
                                && m.getHttpMethod().equals("*"))
                        .findFirst();
        ObjectNode defaults = out.putObject("defaultRouteSettings");
        all.map(MethodSetting::getThrottling).ifPresent(t -> {
            Json.put(defaults, "throttlingBurstLimit", t.getBurstLimit());
            Json.put(defaults, "throttlingRateLimit", t.getRateLimit());
        });
        Json.put(out, "createdDate", iso(Json.created(stage)));
        return out;
    }

    Reply createStage(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        JsonNode body = call.json();
        String name = Json.required(body, "stageName");
        if (!name.matches("[A-Za-z0-9_$-]+")) {
            throw AwsException.badRequest("Stage name only allows a-zA-Z0-9_- (and $default)");
        }
        if (Stages.of(scope, apiId).stream().anyMatch(s -> Stages.stageName(s).equals(name))) {
            throw AwsException.conflict("Stage already exists");
        }
        StageSpec spec = new StageSpec();
        spec.setRestApiRef(apiId);
        spec.setStageName(name);
        spec.setDescription(Json.text(body, "description"));
        spec.setVariables(Json.strings(body, "stageVariables"));
        StageDeployment deployment = new StageDeployment();
        deployment.setMode(DeploymentMode.AutoDeploy);
        spec.setDeployment(Boolean.FALSE.equals(Json.bool(body, "autoDeploy")) ? null : deployment);
        JsonNode defaults = body.get("defaultRouteSettings");
        if (defaults != null && (defaults.has("throttlingRateLimit") || defaults.has("throttlingBurstLimit"))) {
            Throttle t = new Throttle();
            t.setRateLimit(Json.number(defaults, "throttlingRateLimit"));
            t.setBurstLimit(Json.integer(defaults, "throttlingBurstLimit"));
            MethodSetting m = new MethodSetting();
            m.setResourcePath("*");
            m.setHttpMethod("*");
            m.setThrottling(t);
            spec.setMethodSettings(List.of(m));
        }
        Stage stage = new Stage();
        ObjectMeta meta = new ObjectMeta();
        String resourceName =
                (apiId + "-" + name).toLowerCase(Locale.ROOT).replace('_', '-').replace("$", "");
        meta.setName(Ids.isName(resourceName) ? resourceName : "stage-" + Ids.stable(apiId, name));
        meta.setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, apiId)));
        stage.setMetadata(meta);
        stage.setSpec(spec);
        scope.apply(new Scope.Change.Create(stage));
        return Reply.created(stageShape(stage));
    }

    private static Stage stage(Scope scope, String apiId, String name) {
        return Stages.of(scope, apiId).stream()
                .filter(s -> Stages.stageName(s).equals(name))
                .findFirst()
                .orElseThrow(() -> notFound("Stage", "Invalid stage identifier specified"));
    }

    Reply getStages(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        return Reply.ok(v2Page(
                Stages.of(scope, apiId).stream().map(HttpApis::stageShape).toList(), call));
    }

    Reply getStage(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        return Reply.ok(stageShape(stage(scope, apiId, call.param("stageName"))));
    }

    Reply deleteStage(Call call) {
        Scope scope = scopes.apply(call);
        String apiId = api(scope, call.param("apiId")).getMetadata().getName();
        Stage stage = stage(scope, apiId, call.param("stageName"));
        scope.apply(new Scope.Change.Delete(Stage.class, stage.getMetadata().getName()));
        return Reply.empty(204);
    }
}
