package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.ContentHandling;
import dev.tollgate.crds.v1alpha1.HttpMethod;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.IntegrationResponse;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.LambdaTarget;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.MethodResponse;
import dev.tollgate.crds.v1alpha1.PassthroughBehavior;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.ServiceRef;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resources, methods, method responses, integrations and integration responses of a REST API.
 * An integration put on a method becomes an Integration resource of its own (named {@code
 * API-RESOURCE-METHOD}, labelled with the API) that the method refers to; the method keeps the
 * per-method parts (path, parameters, templates, integration responses).
 */
public final class Methods {
    private static final Pattern HTTP_URI = Pattern.compile("(https?://[^/?#]+)([^?#]*)");
    private static final Pattern STAGE_VARIABLE_URI =
            Pattern.compile("(\\$\\{stageVariables\\.[A-Za-z0-9_]+})([^?#]*)");
    private static final Pattern LAMBDA_URI =
            Pattern.compile("arn:aws[a-z-]*:apigateway:([^:]*):lambda:path/[0-9-]+/functions/(.+)/invocations");
    private static final Pattern LAMBDA_ARN =
            Pattern.compile("(arn:aws[a-z-]*:lambda:([^:]*):[^:]*:function:[^:]+)(?::([^:]+))?");

    private final Function<Call, Scope> scopes;

    public Methods(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    /** The API and the resource path of a call. */
    private record Target(Scope scope, RestApi api, ApiView view, String path) {}

    private Target target(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ApiView view = new ApiView(api);
        String path = call.param("resource_id") == null ? "/" : view.pathOf(call.param("resource_id"));
        return new Target(scope, api, view, path);
    }

    // ---- resources ----

    ObjectNode resourceShape(Scope scope, ApiView view, String path, boolean embed) {
        ObjectNode out = Json.object();
        out.put("id", view.resourceId(path));
        if (!path.equals("/")) {
            int slash = path.lastIndexOf('/');
            out.put("parentId", view.resourceId(slash == 0 ? "/" : path.substring(0, slash)));
            out.put("pathPart", path.substring(slash + 1));
        }
        out.put("path", path);
        TreeMap<String, Method> methods = view.methods(path);
        if (!methods.isEmpty()) {
            ObjectNode rm = out.putObject("resourceMethods");
            methods.forEach((name, m) -> rm.set(name, embed ? methodShape(scope, view, m) : Json.object()));
        }
        return out;
    }

    public Reply getResources(Call call) {
        Target t = target(call);
        boolean embed = call.query().getOrDefault("embed", List.of()).contains("methods");
        List<ObjectNode> items = new ArrayList<>();
        for (String path : t.view().paths()) {
            items.add(resourceShape(t.scope(), t.view(), path, embed));
        }
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply getResource(Call call) {
        Target t = target(call);
        boolean embed = call.query().getOrDefault("embed", List.of()).contains("methods");
        return Reply.ok(resourceShape(t.scope(), t.view(), t.path(), embed));
    }

    public Reply createResource(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ApiView view = new ApiView(api);
        String parent = view.pathOf(call.param("parent_id"));
        String part = Json.required(call.json(), "pathPart");
        if (!part.matches("[A-Za-z0-9._~:@!$&'()*+,;=-]+|\\{[A-Za-z0-9._-]+\\+?}")) {
            throw AwsException.badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the"
                    + " beginning and the end and an optional plus sign before the closing brace.");
        }
        String path = (parent.equals("/") ? "" : parent) + "/" + part;
        if (view.paths().contains(path)) {
            throw AwsException.conflict("Another resource with the same parent already has this name: " + part);
        }
        if (view.paths().stream()
                .anyMatch(p -> p.startsWith(parent.equals("/") ? "/{" : parent + "/{")
                        && p.substring(parent.equals("/") ? 1 : parent.length() + 1)
                                        .indexOf('/')
                                < 0
                        && part.startsWith("{"))) {
            throw AwsException.badRequest("A sibling ({param}) of this resource already has a variable path part"
                    + " -- only one is allowed");
        }
        view.ensure(path);
        scope.apply(new Scope.Change.Update(view.save()));
        return Reply.created(resourceShape(scope, view, path, false));
    }

    public Reply deleteResource(Call call) {
        Target t = target(call);
        if (t.path().equals("/")) {
            throw AwsException.badRequest("Cannot delete the root resource");
        }
        List<String> refs = t.view().removeTree(t.path());
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(new Scope.Change.Update(t.view().save()));
        changes.addAll(dropOwned(t.scope(), t.api(), refs));
        t.scope().apply(changes);
        return Reply.empty(202);
    }

    public Reply updateResource(Call call) {
        throw AwsException.badRequest("update-resource (moving or renaming a resource) is not supported: delete it"
                + " and create it under the new parent");
    }

    /** Deletes the Integrations written for this API that no method refers to any more. */
    private static List<Scope.Change> dropOwned(Scope scope, RestApi api, List<String> refs) {
        List<Scope.Change> out = new ArrayList<>();
        ApiView after = new ApiView(api);
        List<String> stillUsed = new ArrayList<>();
        for (String p : after.paths()) {
            after.methods(p).values().forEach(m -> {
                if (m.getIntegration() != null) {
                    stillUsed.add(m.getIntegration().getIntegrationRef());
                }
            });
        }
        for (Integration i : RestApis.owned(scope, api.getMetadata().getName())) {
            String name = i.getMetadata().getName();
            if (refs.contains(name) && !stillUsed.contains(name)) {
                out.add(new Scope.Change.Delete(Integration.class, name));
            }
        }
        return out;
    }

    // ---- methods ----

    ObjectNode methodShape(Scope scope, ApiView view, Method m) {
        ObjectNode out = Json.object();
        out.put("httpMethod", m.getHttpMethod().name());
        AuthorizationType type = m.getAuthorizationType() == null ? AuthorizationType.NONE : m.getAuthorizationType();
        out.put("authorizationType", type.name());
        if (m.getAuthorizerName() != null) {
            out.put("authorizerId", ApiParts.authorizerId(view.id, m.getAuthorizerName()));
        }
        out.put("apiKeyRequired", Boolean.TRUE.equals(m.getApiKeyRequired()));
        if (m.getRequestValidator() != null) {
            out.put("requestValidatorId", ApiParts.validatorId(view.id, m.getRequestValidator()));
        }
        Json.put(out, "operationName", m.getOperationName());
        Json.put(out, "requestParameters", m.getRequestParameters());
        Json.put(out, "requestModels", m.getRequestModels());
        Json.put(out, "authorizationScopes", m.getAuthorizationScopes());
        if (m.getMethodResponses() != null && !m.getMethodResponses().isEmpty()) {
            ObjectNode responses = out.putObject("methodResponses");
            m.getMethodResponses()
                    .forEach(r -> responses.set(String.valueOf(r.getStatusCode()), methodResponseShape(r)));
        }
        if (m.getIntegration() != null) {
            out.set("methodIntegration", integrationShape(scope, m.getIntegration()));
        }
        return out;
    }

    public Reply getMethod(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        return Reply.ok(methodShape(t.scope(), t.view(), t.view().method(t.path(), http)));
    }

    public Reply putMethod(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        if (t.view().methods(t.path()).containsKey(http)) {
            throw AwsException.conflict("Method already exists for this resource");
        }
        JsonNode body = call.json();
        Method m = new Method();
        m.setHttpMethod(HttpMethod.valueOf(http));
        AuthorizationType authorization = authorizationType(Json.required(body, "authorizationType"));
        // NONE is the CRD's default: left out, so the YAML reads as a user would write it.
        m.setAuthorizationType(authorization == AuthorizationType.NONE ? null : authorization);
        if (body.hasNonNull("authorizerId")) {
            m.setAuthorizerName(ApiParts.authorizerName(t.view(), Json.text(body, "authorizerId")));
        }
        if (Boolean.TRUE.equals(Json.bool(body, "apiKeyRequired"))) {
            m.setApiKeyRequired(true);
        }
        m.setOperationName(Json.text(body, "operationName"));
        m.setRequestParameters(Json.booleans(body, "requestParameters"));
        m.setRequestModels(Json.strings(body, "requestModels"));
        m.setAuthorizationScopes(Json.list(body, "authorizationScopes"));
        if (body.hasNonNull("requestValidatorId")) {
            m.setRequestValidator(ApiParts.validatorName(t.view(), Json.text(body, "requestValidatorId")));
        }
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.created(methodShape(t.scope(), t.view(), m));
    }

    static AuthorizationType authorizationType(String text) {
        return RestApis.enumValue(AuthorizationType.class, text, "authorizationType");
    }

    public Reply updateMethod(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        Method m = t.view().method(t.path(), http);
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "authorizationType" -> m.setAuthorizationType(authorizationType(p.required()));
                case "authorizerId" ->
                    m.setAuthorizerName(remove ? null : ApiParts.authorizerName(t.view(), p.required()));
                case "apiKeyRequired" -> m.setApiKeyRequired(p.bool() ? true : null);
                case "operationName" -> m.setOperationName(remove ? null : p.required());
                case "requestValidatorId" ->
                    m.setRequestValidator(remove ? null : ApiParts.validatorName(t.view(), p.required()));
                case "requestParameters" -> m.setRequestParameters(p.applyToFlags(m.getRequestParameters()));
                case "requestModels" -> m.setRequestModels(p.applyTo(m.getRequestModels()));
                case "authorizationScopes" -> {
                    List<String> scopes = new ArrayList<>(
                            m.getAuthorizationScopes() == null ? List.of() : m.getAuthorizationScopes());
                    if (remove) {
                        scopes.remove(p.value());
                    } else {
                        scopes.add(p.required());
                    }
                    m.setAuthorizationScopes(scopes.isEmpty() ? null : scopes);
                }
                default -> throw p.unsupported();
            }
        }
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.ok(methodShape(t.scope(), t.view(), m));
    }

    public Reply deleteMethod(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        Method m = t.view().method(t.path(), http);
        t.view().removeMethod(t.path(), http);
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(new Scope.Change.Update(t.view().save()));
        if (m.getIntegration() != null) {
            changes.addAll(
                    dropOwned(t.scope(), t.api(), List.of(m.getIntegration().getIntegrationRef())));
        }
        t.scope().apply(changes);
        return Reply.empty(204);
    }

    // ---- method responses ----

    static ObjectNode methodResponseShape(MethodResponse r) {
        ObjectNode out = Json.object();
        out.put("statusCode", String.valueOf(r.getStatusCode()));
        Json.put(out, "responseParameters", r.getResponseParameters());
        Json.put(out, "responseModels", r.getResponseModels());
        return out;
    }

    private static int statusCode(Call call) {
        String code = call.param("status_code");
        if (code == null || !code.matches("[1-5]\\d\\d")) {
            throw AwsException.badRequest("Invalid status code specified: " + code);
        }
        return Integer.parseInt(code);
    }

    private static Optional<MethodResponse> methodResponse(Method m, int status) {
        return m.getMethodResponses() == null
                ? Optional.empty()
                : m.getMethodResponses().stream()
                        .filter(r -> r.getStatusCode() == status)
                        .findFirst();
    }

    public Reply putMethodResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        int status = statusCode(call);
        JsonNode body = call.json();
        MethodResponse r = new MethodResponse();
        r.setStatusCode(status);
        r.setResponseParameters(Json.booleans(body, "responseParameters"));
        r.setResponseModels(Json.strings(body, "responseModels"));
        List<MethodResponse> list =
                new ArrayList<>(m.getMethodResponses() == null ? List.of() : m.getMethodResponses());
        list.removeIf(x -> x.getStatusCode() == status);
        list.add(r);
        list.sort((a, b) -> Integer.compare(a.getStatusCode(), b.getStatusCode()));
        m.setMethodResponses(list);
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.created(methodResponseShape(r));
    }

    public Reply getMethodResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        return Reply.ok(methodResponseShape(methodResponse(m, statusCode(call))
                .orElseThrow(() -> AwsException.notFound("Invalid Response status code specified"))));
    }

    public Reply updateMethodResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        MethodResponse r = methodResponse(m, statusCode(call))
                .orElseThrow(() -> AwsException.notFound("Invalid Response status code specified"));
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "responseParameters" -> r.setResponseParameters(p.applyToFlags(r.getResponseParameters()));
                case "responseModels" -> r.setResponseModels(p.applyTo(r.getResponseModels()));
                default -> throw p.unsupported();
            }
        }
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.created(methodResponseShape(r));
    }

    public Reply deleteMethodResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        int status = statusCode(call);
        if (methodResponse(m, status).isEmpty()) {
            throw AwsException.notFound("Invalid Response status code specified");
        }
        m.getMethodResponses().removeIf(r -> r.getStatusCode() == status);
        if (m.getMethodResponses().isEmpty()) {
            m.setMethodResponses(null);
        }
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.empty(204);
    }

    // ---- integrations ----

    /** AWS's Integration shape: the Integration resource with the method's own parts over it. */
    static ObjectNode integrationShape(Scope scope, MethodIntegration mi) {
        ObjectNode out = Json.object();
        Integration integration =
                scope.find(Integration.class, mi.getIntegrationRef()).orElse(null);
        IntegrationSpec spec =
                integration == null || integration.getSpec() == null ? new IntegrationSpec() : integration.getSpec();
        IntegrationType type = spec.getType() == null ? IntegrationType.HTTP : spec.getType();
        String path = mi.getPath() == null ? "" : mi.getPath();
        switch (type) {
            case LAMBDA, LAMBDA_PROXY -> {
                out.put("type", type == IntegrationType.LAMBDA ? "AWS" : "AWS_PROXY");
                LambdaTarget lambda = spec.getLambda();
                String fn = lambda == null ? "" : lambda.getFunctionName();
                if (lambda != null && lambda.getQualifier() != null) {
                    fn = fn + ":" + lambda.getQualifier();
                }
                Matcher arn = LAMBDA_ARN.matcher(fn);
                String region = arn.matches() ? arn.group(2) : "us-east-1";
                out.put(
                        "uri",
                        "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + fn + "/invocations");
            }
            case AWS -> {
                out.put("type", "AWS");
                Json.put(out, "uri", spec.getAwsUri());
            }
            default -> {
                out.put("type", type.name());
                if (spec.getUrl() != null) {
                    out.put("uri", spec.getUrl() + path);
                } else if (spec.getService() != null) {
                    ServiceRef s = spec.getService();
                    String ns = s.getNamespace() == null ? scope.namespace() : s.getNamespace();
                    out.put(
                            "uri",
                            "http://" + s.getName() + "." + ns + ".svc.cluster.local"
                                    + (s.getPort() == null ? "" : ":" + s.getPort()) + path);
                }
            }
        }
        if (type != IntegrationType.MOCK) {
            out.put(
                    "httpMethod",
                    spec.getHttpMethod() == null ? "ANY" : spec.getHttpMethod().name());
            out.put("connectionType", "INTERNET");
        }
        Map<String, String> params = new TreeMap<>(Json.mutable(spec.getRequestParameters()));
        params.putAll(Json.mutable(mi.getRequestParameters()));
        Json.put(out, "requestParameters", params);
        Map<String, String> templates = new TreeMap<>(Json.mutable(spec.getRequestTemplates()));
        templates.putAll(Json.mutable(mi.getRequestTemplates()));
        Json.put(out, "requestTemplates", templates);
        PassthroughBehavior pb =
                mi.getPassthroughBehavior() != null ? mi.getPassthroughBehavior() : spec.getPassthroughBehavior();
        out.put("passthroughBehavior", pb == null ? "WHEN_NO_MATCH" : pb.name());
        ContentHandling ch = mi.getContentHandling() != null ? mi.getContentHandling() : spec.getContentHandling();
        Json.put(out, "contentHandling", ch == null ? null : ch.name());
        Integer timeout = mi.getTimeoutMillis() != null ? mi.getTimeoutMillis() : spec.getTimeoutMillis();
        out.put("timeoutInMillis", timeout == null ? 29000 : timeout);
        Json.put(out, "cacheNamespace", mi.getCacheNamespace());
        List<String> keys =
                mi.getCacheKeyParameters() != null ? mi.getCacheKeyParameters() : spec.getCacheKeyParameters();
        out.set("cacheKeyParameters", Json.MAPPER.valueToTree(keys == null ? List.of() : keys));
        if (mi.getResponses() != null && !mi.getResponses().isEmpty()) {
            ObjectNode responses = out.putObject("integrationResponses");
            mi.getResponses()
                    .forEach(r -> responses.set(String.valueOf(r.getStatusCode()), integrationResponseShape(r)));
        }
        return out;
    }

    /** The Integration resource name of a method. */
    static String integrationName(ApiView view, String path, String httpMethod) {
        String name = view.id + "-" + view.resourceId(path) + "-" + httpMethod.toLowerCase(Locale.ROOT);
        return name.length() <= 63 ? name : "intg-" + Ids.stable(view.id, path, httpMethod);
    }

    public Reply putIntegration(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        Method m = t.view().method(t.path(), http);
        List<IntegrationResponse> keep =
                m.getIntegration() == null ? null : m.getIntegration().getResponses();
        ObjectNode shape = writeIntegration(t, http, m, call.json(), keep);
        return Reply.created(shape);
    }

    private ObjectNode writeIntegration(
            Target t, String http, Method m, JsonNode body, List<IntegrationResponse> responses) {
        IntegrationType awsType = RestApis.enumValue(
                IntegrationType.class, Json.required(body, "type").replace("AWS_PROXY", "LAMBDA_PROXY"), "type");
        IntegrationSpec spec = new IntegrationSpec();
        MethodIntegration mi = new MethodIntegration();
        String uri = Json.text(body, "uri");
        String connection = Json.text(body, "connectionType");
        if (connection != null && !connection.equals("INTERNET")) {
            throw AwsException.badRequest("connectionType " + connection + " is not supported: VPC links have no"
                    + " counterpart; point the uri at the backend (a Service's cluster DNS name works)");
        }
        switch (awsType) {
            case MOCK -> spec.setType(IntegrationType.MOCK);
            case HTTP, HTTP_PROXY -> {
                spec.setType(awsType);
                if (uri == null) {
                    throw AwsException.badRequest("Enumeration value for HTTP integration uri is required");
                }
                Matcher sv = STAGE_VARIABLE_URI.matcher(uri);
                Matcher url = HTTP_URI.matcher(uri);
                if (sv.matches()) {
                    spec.setUrl(sv.group(1));
                    mi.setPath(sv.group(2).isEmpty() ? null : sv.group(2));
                } else if (url.matches()) {
                    spec.setUrl(url.group(1));
                    mi.setPath(url.group(2).isEmpty() ? null : url.group(2));
                } else {
                    throw AwsException.badRequest("Invalid HTTP endpoint specified for URI " + uri
                            + " (an http(s) URL without query string)");
                }
            }
            case AWS, LAMBDA_PROXY, LAMBDA -> {
                if (uri == null) {
                    throw AwsException.badRequest("Integrations of type 'AWS' and 'AWS_PROXY' need a uri");
                }
                Matcher lambda = LAMBDA_URI.matcher(uri);
                if (lambda.matches()) {
                    Matcher arn = LAMBDA_ARN.matcher(lambda.group(2));
                    LambdaTarget target = new LambdaTarget();
                    target.setFunctionName(arn.matches() ? arn.group(1) : lambda.group(2));
                    target.setQualifier(arn.matches() ? arn.group(3) : null);
                    spec.setLambda(target);
                    spec.setType(
                            awsType == IntegrationType.LAMBDA_PROXY
                                    ? IntegrationType.LAMBDA_PROXY
                                    : IntegrationType.LAMBDA);
                } else if (awsType == IntegrationType.LAMBDA_PROXY) {
                    throw AwsException.badRequest("AWS_PROXY integrations call Lambda functions: the uri must be"
                            + " arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations");
                } else {
                    spec.setType(IntegrationType.AWS);
                    spec.setAwsUri(uri);
                }
            }
            default -> throw AwsException.badRequest("Invalid integration type " + awsType);
        }
        String integrationHttpMethod = Json.text(body, "httpMethod");
        if (integrationHttpMethod != null && spec.getType() != IntegrationType.MOCK) {
            spec.setHttpMethod(HttpMethod.valueOf(ApiView.httpMethod(integrationHttpMethod)));
        } else if (spec.getType() == IntegrationType.HTTP || spec.getType() == IntegrationType.HTTP_PROXY) {
            throw AwsException.badRequest("Enumeration value for HttpMethod must be non-empty");
        }
        mi.setRequestParameters(Json.strings(body, "requestParameters"));
        mi.setRequestTemplates(Json.strings(body, "requestTemplates"));
        if (body.hasNonNull("passthroughBehavior")) {
            mi.setPassthroughBehavior(RestApis.enumValue(
                    PassthroughBehavior.class, Json.text(body, "passthroughBehavior"), "passthroughBehavior"));
        }
        if (body.hasNonNull("contentHandling")) {
            mi.setContentHandling(
                    RestApis.enumValue(ContentHandling.class, Json.text(body, "contentHandling"), "contentHandling"));
        }
        Integer timeout = Json.integer(body, "timeoutInMillis");
        if (timeout != null && timeout != 29000) {
            mi.setTimeoutMillis(timeout);
        }
        mi.setCacheNamespace(Json.text(body, "cacheNamespace"));
        List<String> cacheKeys = Json.list(body, "cacheKeyParameters");
        mi.setCacheKeyParameters(cacheKeys == null || cacheKeys.isEmpty() ? null : cacheKeys);
        mi.setResponses(responses);
        String name = integrationName(t.view(), t.path(), http);
        mi.setIntegrationRef(name);
        Integration integration = new Integration();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, t.view().id)));
        integration.setMetadata(meta);
        integration.setSpec(spec);
        String previous = m.getIntegration() == null ? null : m.getIntegration().getIntegrationRef();
        m.setIntegration(mi);
        t.view().putMethod(t.path(), m);
        boolean exists = t.scope().find(Integration.class, name).isPresent();
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(exists ? new Scope.Change.Update(integration) : new Scope.Change.Create(integration));
        changes.add(new Scope.Change.Update(t.view().save()));
        if (previous != null && !previous.equals(name)) {
            changes.addAll(dropOwned(t.scope(), t.api(), List.of(previous)));
        }
        t.scope().apply(changes);
        return integrationShape(t.scope(), mi);
    }

    private static MethodIntegration integrationOf(Method m) {
        if (m.getIntegration() == null) {
            throw AwsException.notFound("No integration defined for method");
        }
        return m.getIntegration();
    }

    public Reply getIntegration(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        return Reply.ok(integrationShape(t.scope(), integrationOf(m)));
    }

    public Reply deleteIntegration(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        Method m = t.view().method(t.path(), http);
        String ref = integrationOf(m).getIntegrationRef();
        m.setIntegration(null);
        t.view().putMethod(t.path(), m);
        List<Scope.Change> changes = new ArrayList<>();
        changes.add(new Scope.Change.Update(t.view().save()));
        changes.addAll(dropOwned(t.scope(), t.api(), List.of(ref)));
        t.scope().apply(changes);
        return Reply.empty(204);
    }

    public Reply updateIntegration(Call call) {
        Target t = target(call);
        String http = ApiView.httpMethod(call.param("http_method"));
        Method m = t.view().method(t.path(), http);
        MethodIntegration mi = integrationOf(m);
        ObjectNode shape = integrationShape(t.scope(), mi);
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            String field = s.get(0);
            switch (field) {
                case "uri", "httpMethod", "type", "passthroughBehavior", "contentHandling", "cacheNamespace" -> {
                    if (remove) {
                        shape.remove(field);
                    } else {
                        shape.put(field, p.required());
                    }
                }
                case "timeoutInMillis" -> shape.put(field, p.integer());
                case "requestParameters", "requestTemplates" -> {
                    ObjectNode map = shape.has(field) ? (ObjectNode) shape.get(field) : shape.putObject(field);
                    if (remove) {
                        map.remove(s.get(1));
                    } else {
                        map.put(s.get(1), p.required());
                    }
                }
                case "cacheKeyParameters" -> {
                    var list = shape.withArray("cacheKeyParameters");
                    String key = s.size() > 1 ? s.get(1) : p.value();
                    for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                        if (it.next().asText().equals(key)) {
                            it.remove();
                        }
                    }
                    if (!remove) {
                        list.add(key);
                    }
                }
                default -> throw p.unsupported();
            }
        }
        return Reply.ok(writeIntegration(t, http, m, shape, mi.getResponses()));
    }

    // ---- integration responses ----

    static ObjectNode integrationResponseShape(IntegrationResponse r) {
        ObjectNode out = Json.object();
        out.put("statusCode", String.valueOf(r.getStatusCode()));
        Json.put(out, "selectionPattern", r.getSelectionPattern());
        Json.put(out, "responseParameters", r.getResponseParameters());
        Json.put(out, "responseTemplates", r.getResponseTemplates());
        Json.put(
                out,
                "contentHandling",
                r.getContentHandling() == null ? null : r.getContentHandling().name());
        return out;
    }

    private static Optional<IntegrationResponse> integrationResponse(MethodIntegration mi, int status) {
        return mi.getResponses() == null
                ? Optional.empty()
                : mi.getResponses().stream()
                        .filter(r -> r.getStatusCode() == status)
                        .findFirst();
    }

    private Reply saveIntegrationResponse(Target t, Method m, MethodIntegration mi, IntegrationResponse r, int status) {
        List<IntegrationResponse> list = new ArrayList<>(mi.getResponses() == null ? List.of() : mi.getResponses());
        int at = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getStatusCode() == status) {
                at = i;
            }
        }
        if (at >= 0) {
            list.set(at, r);
        } else {
            list.add(r);
        }
        mi.setResponses(list);
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.created(integrationResponseShape(r));
    }

    public Reply putIntegrationResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        MethodIntegration mi = integrationOf(m);
        int status = statusCode(call);
        JsonNode body = call.json();
        IntegrationResponse r = new IntegrationResponse();
        r.setStatusCode(status);
        r.setSelectionPattern(Json.text(body, "selectionPattern"));
        r.setResponseParameters(Json.strings(body, "responseParameters"));
        r.setResponseTemplates(Json.strings(body, "responseTemplates"));
        if (body.hasNonNull("contentHandling")) {
            r.setContentHandling(
                    RestApis.enumValue(ContentHandling.class, Json.text(body, "contentHandling"), "contentHandling"));
        }
        return saveIntegrationResponse(t, m, mi, r, status);
    }

    public Reply getIntegrationResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        return Reply.ok(integrationResponseShape(integrationResponse(integrationOf(m), statusCode(call))
                .orElseThrow(() -> AwsException.notFound("Invalid Response status code specified"))));
    }

    public Reply updateIntegrationResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        MethodIntegration mi = integrationOf(m);
        int status = statusCode(call);
        IntegrationResponse r = integrationResponse(mi, status)
                .orElseThrow(() -> AwsException.notFound("Invalid Response status code specified"));
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "selectionPattern" -> r.setSelectionPattern(remove ? null : p.required());
                case "contentHandling" ->
                    r.setContentHandling(
                            remove ? null : RestApis.enumValue(ContentHandling.class, p.required(), "contentHandling"));
                case "responseParameters" -> r.setResponseParameters(p.applyTo(r.getResponseParameters()));
                case "responseTemplates" -> r.setResponseTemplates(p.applyTo(r.getResponseTemplates()));
                default -> throw p.unsupported();
            }
        }
        return saveIntegrationResponse(t, m, mi, r, status);
    }

    public Reply deleteIntegrationResponse(Call call) {
        Target t = target(call);
        Method m = t.view().method(t.path(), ApiView.httpMethod(call.param("http_method")));
        MethodIntegration mi = integrationOf(m);
        int status = statusCode(call);
        if (integrationResponse(mi, status).isEmpty()) {
            throw AwsException.notFound("Invalid Response status code specified");
        }
        mi.getResponses().removeIf(r -> r.getStatusCode() == status);
        if (mi.getResponses().isEmpty()) {
            mi.setResponses(null);
        }
        t.view().putMethod(t.path(), m);
        t.scope().apply(new Scope.Change.Update(t.view().save()));
        return Reply.empty(204);
    }
}
