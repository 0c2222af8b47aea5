package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.AuthorizerType;
import dev.tollgate.crds.v1alpha1.GatewayResponse;
import dev.tollgate.crds.v1alpha1.GatewayResponseType;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.JwtConfiguration;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.Model;
import dev.tollgate.crds.v1alpha1.RequestValidator;
import dev.tollgate.crds.v1alpha1.RestApi;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a REST API kept in its spec: authorizers, models, request validators and gateway
 * responses. Their ids are stable hashes of the API and their name.
 */
public final class ApiParts {
    private static final Pattern LAMBDA_URI =
            Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]*:lambda:path/[0-9-]+/functions/(.+)/invocations");
    private static final Pattern COGNITO_ARN =
            Pattern.compile("arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):[0-9]*:userpool/(.+)");
    private static final Map<GatewayResponseType, Integer> DEFAULT_STATUS = new EnumMap<>(GatewayResponseType.class);

    static {
        DEFAULT_STATUS.put(GatewayResponseType.ACCESS_DENIED, 403);
        DEFAULT_STATUS.put(GatewayResponseType.API_CONFIGURATION_ERROR, 500);
        DEFAULT_STATUS.put(GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR, 500);
        DEFAULT_STATUS.put(GatewayResponseType.AUTHORIZER_FAILURE, 500);
        DEFAULT_STATUS.put(GatewayResponseType.BAD_REQUEST_PARAMETERS, 400);
        DEFAULT_STATUS.put(GatewayResponseType.BAD_REQUEST_BODY, 400);
        DEFAULT_STATUS.put(GatewayResponseType.EXPIRED_TOKEN, 403);
        DEFAULT_STATUS.put(GatewayResponseType.INTEGRATION_FAILURE, 504);
        DEFAULT_STATUS.put(GatewayResponseType.INTEGRATION_TIMEOUT, 504);
        DEFAULT_STATUS.put(GatewayResponseType.INVALID_API_KEY, 403);
        DEFAULT_STATUS.put(GatewayResponseType.INVALID_SIGNATURE, 403);
        DEFAULT_STATUS.put(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, 403);
        DEFAULT_STATUS.put(GatewayResponseType.QUOTA_EXCEEDED, 429);
        DEFAULT_STATUS.put(GatewayResponseType.REQUEST_TOO_LARGE, 413);
        DEFAULT_STATUS.put(GatewayResponseType.RESOURCE_NOT_FOUND, 404);
        DEFAULT_STATUS.put(GatewayResponseType.THROTTLED, 429);
        DEFAULT_STATUS.put(GatewayResponseType.UNAUTHORIZED, 401);
        DEFAULT_STATUS.put(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE, 415);
        DEFAULT_STATUS.put(GatewayResponseType.WAF_FILTERED, 403);
    }

    private final Function<Call, Scope> scopes;

    public ApiParts(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    static String authorizerId(String apiId, String name) {
        return Ids.stable(apiId, "authorizer", name).substring(0, 6);
    }

    static String validatorId(String apiId, String name) {
        return Ids.stable(apiId, "validator", name).substring(0, 6);
    }

    static String modelId(String apiId, String name) {
        return Ids.stable(apiId, "model", name);
    }

    /** The authorizer name of an id, or NotFoundException. */
    static String authorizerName(ApiView view, String id) {
        return list(view.spec().getAuthorizers()).stream()
                .filter(a -> authorizerId(view.id, a.getName()).equals(id))
                .map(Authorizer::getName)
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid authorizer ID specified"));
    }

    /** The validator name of an id, or NotFoundException. */
    static String validatorName(ApiView view, String id) {
        return list(view.spec().getRequestValidators()).stream()
                .filter(v -> validatorId(view.id, v.getName()).equals(id))
                .map(RequestValidator::getName)
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid Request Validator identifier specified"));
    }

    private static <T> List<T> list(List<T> in) {
        return in == null ? new ArrayList<>() : new ArrayList<>(in);
    }

    private record Api(Scope scope, RestApi api, ApiView view) {}

    private Api api(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        return new Api(scope, api, new ApiView(api));
    }

    // ---- authorizers ----

    static ObjectNode authorizerShape(ApiView view, Scope scope, Authorizer a) {
        ObjectNode out = Json.object();
        out.put("id", authorizerId(view.id, a.getName()));
        out.put("name", a.getName());
        out.put("type", a.getType().name());
        Json.put(out, "identitySource", a.getIdentitySource());
        Json.put(out, "identityValidationExpression", a.getIdentityValidationExpression());
        Json.put(out, "authorizerResultTtlInSeconds", a.getResultTtlInSeconds());
        if (a.getType() == AuthorizerType.COGNITO_USER_POOLS
                && a.getJwt() != null
                && a.getJwt().getIssuer() != null) {
            Matcher m = Pattern.compile("https://cognito-idp\\.([a-z0-9-]+)\\.amazonaws\\.com/(.+)")
                    .matcher(a.getJwt().getIssuer());
            if (m.matches()) {
                out.putArray("providerARNs")
                        .add("arn:aws:cognito-idp:" + m.group(1) + ":000000000000:userpool/" + m.group(2));
            }
        }
        if (a.getIntegrationRef() != null) {
            scope.find(Integration.class, a.getIntegrationRef()).ifPresent(i -> {
                IntegrationSpec spec = i.getSpec();
                if (spec != null && spec.getLambda() != null) {
                    out.put(
                            "authorizerUri",
                            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                    + spec.getLambda().getFunctionName() + "/invocations");
                } else if (spec != null && spec.getUrl() != null) {
                    out.put("authorizerUri", spec.getUrl());
                }
            });
        }
        return out;
    }

    public Reply createAuthorizer(Call call) {
        Api a = api(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw AwsException.badRequest(
                    "Authorizer names are [A-Za-z0-9_.-]+ here (they name the authorizer in the" + " RestApi)");
        }
        List<Authorizer> authorizers = list(a.view().spec().getAuthorizers());
        if (authorizers.stream().anyMatch(x -> x.getName().equals(name))) {
            throw AwsException.conflict("Authorizer " + name + " already exists");
        }
        List<Scope.Change> changes = new ArrayList<>();
        Authorizer authorizer = authorizer(a, name, body, changes);
        authorizers.add(authorizer);
        a.view().spec().setAuthorizers(authorizers);
        changes.add(new Scope.Change.Update(a.view().save()));
        a.scope().apply(changes);
        return Reply.created(authorizerShape(a.view(), a.scope(), authorizer));
    }

    private static Authorizer authorizer(Api a, String name, JsonNode body, List<Scope.Change> changes) {
        Authorizer authorizer = new Authorizer();
        authorizer.setName(name);
        AuthorizerType type = RestApis.enumValue(AuthorizerType.class, Json.required(body, "type"), "type");
        authorizer.setType(type);
        authorizer.setIdentitySource(Json.text(body, "identitySource"));
        authorizer.setIdentityValidationExpression(Json.text(body, "identityValidationExpression"));
        authorizer.setResultTtlInSeconds(Json.integer(body, "authorizerResultTtlInSeconds"));
        if (type == AuthorizerType.COGNITO_USER_POOLS) {
            List<String> arns = Json.list(body, "providerARNs");
            if (arns == null || arns.isEmpty()) {
                throw AwsException.badRequest("COGNITO_USER_POOLS authorizers need providerARNs");
            }
            Matcher m = COGNITO_ARN.matcher(arns.get(0));
            if (!m.matches()) {
                throw AwsException.badRequest(
                        "Invalid providerARNs: " + arns.get(0) + " is not a Cognito user pool ARN");
            }
            JwtConfiguration jwt = new JwtConfiguration();
            String issuer = "https://cognito-idp." + m.group(1) + ".amazonaws.com/" + m.group(2);
            jwt.setIssuer(issuer);
            jwt.setJwksUri(issuer + "/.well-known/jwks.json");
            authorizer.setJwt(jwt);
        } else if (type == AuthorizerType.TOKEN || type == AuthorizerType.REQUEST) {
            String uri = Json.required(body, "authorizerUri");
            IntegrationSpec spec = new IntegrationSpec();
            Matcher lambda = LAMBDA_URI.matcher(uri);
            if (lambda.matches()) {
                spec.setType(IntegrationType.LAMBDA);
                LambdaTarget target = new LambdaTarget();
                target.setFunctionName(lambda.group(1));
                spec.setLambda(target);
            } else if (uri.matches("https?://.+")) {
                // Tollgate's extension: an HTTP endpoint that answers as a Lambda authorizer would.
                spec.setType(IntegrationType.HTTP);
                spec.setUrl(uri);
            } else {
                throw AwsException.badRequest(
                        "Invalid authorizer URI " + uri + " (a Lambda function's invocation ARN, or an http(s) URL)");
            }
            String integrationName = a.view().id + "-auth-" + authorizerId(a.view().id, name);
            Integration integration = new Integration();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(integrationName);
            meta.setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, a.view().id)));
            integration.setMetadata(meta);
            integration.setSpec(spec);
            boolean exists = a.scope().find(Integration.class, integrationName).isPresent();
            changes.add(exists ? new Scope.Change.Update(integration) : new Scope.Change.Create(integration));
            authorizer.setIntegrationRef(integrationName);
        }
        return authorizer;
    }

    private static Authorizer findAuthorizer(Api a, String id) {
        String name = authorizerName(a.view(), id);
        return a.view().spec().getAuthorizers().stream()
                .filter(x -> x.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    public Reply getAuthorizer(Call call) {
        Api a = api(call);
        return Reply.ok(authorizerShape(a.view(), a.scope(), findAuthorizer(a, call.param("authorizer_id"))));
    }

    public Reply getAuthorizers(Call call) {
        Api a = api(call);
        List<ObjectNode> items = list(a.view().spec().getAuthorizers()).stream()
                .map(x -> authorizerShape(a.view(), a.scope(), x))
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updateAuthorizer(Call call) {
        Api a = api(call);
        Authorizer authorizer = findAuthorizer(a, call.param("authorizer_id"));
        for (Patch p : Patch.of(call.json())) {
            boolean remove = p.op().equals("remove");
            switch (p.segments().get(0)) {
                case "identitySource" -> authorizer.setIdentitySource(remove ? null : p.required());
                case "identityValidationExpression" ->
                    authorizer.setIdentityValidationExpression(remove ? null : p.required());
                case "authorizerResultTtlInSeconds" -> authorizer.setResultTtlInSeconds(remove ? null : p.integer());
                default -> throw p.unsupported();
            }
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.ok(authorizerShape(a.view(), a.scope(), authorizer));
    }

    public Reply deleteAuthorizer(Call call) {
        Api a = api(call);
        Authorizer authorizer = findAuthorizer(a, call.param("authorizer_id"));
        a.view().spec().getAuthorizers().removeIf(x -> x.getName().equals(authorizer.getName()));
        if (a.view().spec().getAuthorizers().isEmpty()) {
            a.view().spec().setAuthorizers(null);
        }
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(new Scope.Change.Update(a.view().save()));
        String ref = authorizer.getIntegrationRef();
        if (ref != null
                && RestApis.owned(a.scope(), a.view().id).stream()
                        .anyMatch(i -> i.getMetadata().getName().equals(ref))) {
            changes.add(new Scope.Change.Delete(Integration.class, ref));
        }
        a.scope().apply(changes);
        return Reply.empty(202);
    }

    // ---- models ----

    static ObjectNode modelShape(ApiView view, Model m) {
        ObjectNode out = Json.object();
        out.put("id", modelId(view.id, m.getName()));
        out.put("name", m.getName());
        Json.put(out, "contentType", m.getContentType());
        if (m.getSchema() != null) {
            out.put("schema", Json.write(m.getSchema()));
        }
        return out;
    }

    private static Model findModel(Api a, String name) {
        return list(a.view().spec().getModels()).stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid model name specified: " + name));
    }

    private static Map<String, Object> schema(String text) {
        JsonNode node = Json.parse(text, "model schema");
        if (!node.isObject()) {
            throw AwsException.badRequest("Invalid model schema specified: a JSON schema is an object");
        }
        return Json.MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {});
    }

    public Reply createModel(Call call) {
        Api a = api(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        if (!name.matches("[A-Za-z0-9]+")) {
            throw AwsException.badRequest("Model name must be alphanumeric: " + name);
        }
        List<Model> models = list(a.view().spec().getModels());
        if (models.stream().anyMatch(m -> m.getName().equals(name))) {
            throw AwsException.conflict("Model name already exists for this REST API");
        }
        Model m = new Model();
        m.setName(name);
        m.setContentType(Json.required(body, "contentType"));
        String schema = Json.text(body, "schema");
        if (schema != null) {
            m.setSchema(schema(schema));
        }
        models.add(m);
        a.view().spec().setModels(models);
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        ObjectNode out = modelShape(a.view(), m);
        Json.put(out, "description", Json.text(body, "description"));
        return Reply.created(out);
    }

    public Reply getModel(Call call) {
        Api a = api(call);
        return Reply.ok(modelShape(a.view(), findModel(a, call.param("model_name"))));
    }

    public Reply getModels(Call call) {
        Api a = api(call);
        List<ObjectNode> items = list(a.view().spec().getModels()).stream()
                .map(m -> modelShape(a.view(), m))
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updateModel(Call call) {
        Api a = api(call);
        Model m = findModel(a, call.param("model_name"));
        for (Patch p : Patch.of(call.json())) {
            switch (p.segments().get(0)) {
                case "schema" -> m.setSchema(schema(p.required()));
                case "contentType" -> m.setContentType(p.required());
                default -> throw p.unsupported();
            }
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.ok(modelShape(a.view(), m));
    }

    public Reply deleteModel(Call call) {
        Api a = api(call);
        Model m = findModel(a, call.param("model_name"));
        a.view().spec().getModels().removeIf(x -> x.getName().equals(m.getName()));
        if (a.view().spec().getModels().isEmpty()) {
            a.view().spec().setModels(null);
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.empty(202);
    }

    // ---- request validators ----

    static ObjectNode validatorShape(ApiView view, RequestValidator v) {
        ObjectNode out = Json.object();
        out.put("id", validatorId(view.id, v.getName()));
        out.put("name", v.getName());
        out.put("validateRequestBody", Boolean.TRUE.equals(v.getValidateRequestBody()));
        out.put("validateRequestParameters", Boolean.TRUE.equals(v.getValidateRequestParameters()));
        return out;
    }

    private static RequestValidator findValidator(Api a, String id) {
        String name = validatorName(a.view(), id);
        return a.view().spec().getRequestValidators().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    public Reply createRequestValidator(Call call) {
        Api a = api(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        List<RequestValidator> validators = list(a.view().spec().getRequestValidators());
        if (validators.stream().anyMatch(v -> v.getName().equals(name))) {
            throw AwsException.conflict("Validator " + name + " already exists for this REST API");
        }
        RequestValidator v = new RequestValidator();
        v.setName(name);
        v.setValidateRequestBody(Json.bool(body, "validateRequestBody"));
        v.setValidateRequestParameters(Json.bool(body, "validateRequestParameters"));
        validators.add(v);
        a.view().spec().setRequestValidators(validators);
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.created(validatorShape(a.view(), v));
    }

    public Reply getRequestValidator(Call call) {
        Api a = api(call);
        return Reply.ok(validatorShape(a.view(), findValidator(a, call.param("requestvalidator_id"))));
    }

    public Reply getRequestValidators(Call call) {
        Api a = api(call);
        List<ObjectNode> items = list(a.view().spec().getRequestValidators()).stream()
                .map(v -> validatorShape(a.view(), v))
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updateRequestValidator(Call call) {
        Api a = api(call);
        RequestValidator v = findValidator(a, call.param("requestvalidator_id"));
        for (Patch p : Patch.of(call.json())) {
            switch (p.segments().get(0)) {
                case "validateRequestBody" -> v.setValidateRequestBody(p.bool());
                case "validateRequestParameters" -> v.setValidateRequestParameters(p.bool());
                default -> throw p.unsupported();
            }
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.ok(validatorShape(a.view(), v));
    }

    public Reply deleteRequestValidator(Call call) {
        Api a = api(call);
        RequestValidator v = findValidator(a, call.param("requestvalidator_id"));
        a.view().spec().getRequestValidators().removeIf(x -> x.getName().equals(v.getName()));
        if (a.view().spec().getRequestValidators().isEmpty()) {
            a.view().spec().setRequestValidators(null);
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.empty(202);
    }

    // ---- gateway responses ----

    static ObjectNode gatewayResponseShape(GatewayResponseType type, GatewayResponse r) {
        ObjectNode out = Json.object();
        out.put("responseType", type.name());
        int status = r != null && r.getStatusCode() != null ? r.getStatusCode() : DEFAULT_STATUS.getOrDefault(type, 0);
        if (status > 0) {
            out.put("statusCode", String.valueOf(status));
        }
        if (r != null) {
            Json.put(out, "responseParameters", r.getResponseParameters());
            Json.put(out, "responseTemplates", r.getResponseTemplates());
        } else {
            out.putObject("responseParameters");
            out.putObject("responseTemplates").put("application/json", "{\"message\":$context.error.messageString}");
        }
        out.put("defaultResponse", r == null);
        return out;
    }

    private static GatewayResponseType responseType(Call call) {
        return RestApis.enumValue(GatewayResponseType.class, call.param("response_type"), "response type");
    }

    public Reply putGatewayResponse(Call call) {
        Api a = api(call);
        GatewayResponseType type = responseType(call);
        JsonNode body = call.json();
        GatewayResponse r = new GatewayResponse();
        r.setType(type);
        String status = Json.text(body, "statusCode");
        if (status != null) {
            if (!status.matches("[1-5]\\d\\d")) {
                throw AwsException.badRequest("Invalid status code specified: " + status);
            }
            r.setStatusCode(Integer.parseInt(status));
        }
        r.setResponseParameters(Json.strings(body, "responseParameters"));
        r.setResponseTemplates(Json.strings(body, "responseTemplates"));
        List<GatewayResponse> responses = list(a.view().spec().getGatewayResponses());
        responses.removeIf(x -> x.getType() == type);
        responses.add(r);
        a.view().spec().setGatewayResponses(responses);
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.created(gatewayResponseShape(type, r));
    }

    private static GatewayResponse configured(Api a, GatewayResponseType type) {
        return list(a.view().spec().getGatewayResponses()).stream()
                .filter(x -> x.getType() == type)
                .findFirst()
                .orElse(null);
    }

    public Reply getGatewayResponse(Call call) {
        Api a = api(call);
        GatewayResponseType type = responseType(call);
        return Reply.ok(gatewayResponseShape(type, configured(a, type)));
    }

    public Reply getGatewayResponses(Call call) {
        Api a = api(call);
        List<ObjectNode> items = new ArrayList<>();
        for (GatewayResponseType type : GatewayResponseType.values()) {
            items.add(gatewayResponseShape(type, configured(a, type)));
        }
        return Reply.ok(Json.page(
                items, call.query("position"), call.query("limit") == null ? "500" : call.query("limit"), "item"));
    }

    public Reply updateGatewayResponse(Call call) {
        Api a = api(call);
        GatewayResponseType type = responseType(call);
        GatewayResponse r = configured(a, type);
        if (r == null) {
            r = new GatewayResponse();
            r.setType(type);
            List<GatewayResponse> responses = list(a.view().spec().getGatewayResponses());
            responses.add(r);
            a.view().spec().setGatewayResponses(responses);
        }
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "statusCode" -> r.setStatusCode(remove ? null : p.integer());
                case "responseParameters" -> r.setResponseParameters(p.applyTo(r.getResponseParameters()));
                case "responseTemplates" -> r.setResponseTemplates(p.applyTo(r.getResponseTemplates()));
                default -> throw p.unsupported();
            }
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.ok(gatewayResponseShape(type, r));
    }

    public Reply deleteGatewayResponse(Call call) {
        Api a = api(call);
        GatewayResponseType type = responseType(call);
        if (configured(a, type) == null) {
            throw AwsException.notFound("Gateway response type not defined on api");
        }
        a.view().spec().getGatewayResponses().removeIf(x -> x.getType() == type);
        if (a.view().spec().getGatewayResponses().isEmpty()) {
            a.view().spec().setGatewayResponses(null);
        }
        a.scope().apply(new Scope.Change.Update(a.view().save()));
        return Reply.empty(202);
    }
}
