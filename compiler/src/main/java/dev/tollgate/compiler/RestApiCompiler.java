package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiKeySource;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.RequestValidator;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.ir.CorsConfig;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PayloadConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.ResourcePolicyConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.ValidationConfig;
import dev.tollgate.ir.WebSocketRouteConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles RestApis: protocol, resources and their methods (or an HTTP API's routes), with what
 * applies to the whole API (authorizers, resource policy, CORS, gateway responses), into
 * stage-independent {@link ApiDraft}s. Each method's integration is compiled by {@link
 * MethodCompiler}; who may call it by {@link AuthorizerCompiler}.
 */
final class RestApiCompiler {
    /** AWS's default API key selection expression of a WebSocket API: the {@code x-api-key} header. */
    private static final String API_KEY_HEADER = "$request.header.x-api-key";

    /** AWS's other API key selection expression: the key a Lambda authorizer answered. */
    private static final String API_KEY_AUTHORIZER = "$context.authorizer.usageIdentifierKey";

    /** A binaryMediaTypes entry: {@code type/subtype}, either part may be {@code *}. */
    private static final Pattern MEDIA_RANGE =
            Pattern.compile("(\\*|[A-Za-z0-9!#$&^_.+-]+)/(\\*|[A-Za-z0-9!#$&^_.+-]+)");

    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final MethodCompiler methods;
    private final AuthorizerCompiler authorizerCompiler;

    RestApiCompiler(NamespaceSnapshot snapshot, Map<String, ResolvedIntegration> integrations, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
        this.methods = new MethodCompiler(snapshot, integrations, findings);
        this.authorizerCompiler = new AuthorizerCompiler(findings, integrations);
    }

    /** The drafts of the RestApis without errors of their own, by name. */
    SortedMap<String, ApiDraft> compile() {
        SortedMap<String, ApiDraft> drafts = new TreeMap<>();
        for (RestApi api : Inputs.byName(snapshot.restApis())) {
            // Errors in single methods leave those methods out; errors on the API leave it out (null).
            ApiDraft draft = compile(api);
            if (draft != null) {
                drafts.put(api.getMetadata().getName(), draft);
            }
        }
        return drafts;
    }

    /** The API's draft, or null when the API as a whole has errors. */
    private ApiDraft compile(RestApi api) {
        ResourceRef ref = ResourceRef.of(api);
        RestApiSpec spec = api.getSpec();
        if (spec == null) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
            return null;
        }
        int mark = findings.mark();
        ProtocolType protocol = spec.getProtocolType() == null
                ? ProtocolType.REST
                : ProtocolType.valueOf(spec.getProtocolType().name());
        String selection = null;
        if (protocol == ProtocolType.WEBSOCKET) {
            selection = routeSelection(ref, spec.getRouteSelectionExpression());
            apiKeySelection(ref, spec.getApiKeySelectionExpression());
        } else {
            if (spec.getRouteSelectionExpression() != null) {
                findings.warning(
                        ref,
                        "spec.routeSelectionExpression",
                        Reason.NO_EFFECT,
                        "only WebSocket APIs select routes by expression; " + protocol
                                + " APIs route by method and path");
            }
            if (spec.getApiKeySelectionExpression() != null) {
                findings.warning(
                        ref,
                        "spec.apiKeySelectionExpression",
                        Reason.NO_EFFECT,
                        "only WebSocket APIs have an API key selection expression; " + protocol
                                + " APIs read the key as apiKeySource says");
            }
        }
        boolean rest = protocol == ProtocolType.REST;
        if (rest && Inputs.notEmpty(spec.getRoutes())) {
            findings.error(ref, "spec.routes", Reason.INVALID_VALUE, "REST APIs use resources, not routes");
        }
        if (!rest && Inputs.notEmpty(spec.getResources())) {
            findings.error(ref, "spec.resources", Reason.INVALID_VALUE, protocol + " APIs use routes, not resources");
        }
        // Any error in the policy leaves the API out (below): serving it without would admit callers it denies.
        ResourcePolicyConfig policy = new PolicyCompiler(findings).compile(ref, spec.getPolicy());
        List<Authorizer> authorizerList = Inputs.orEmpty(spec.getAuthorizers());
        Set<String> authorizers = authorizerCompiler.declaredNames(ref, authorizerList);
        if (findings.errorsSince(mark)) {
            return null;
        }
        // A model or validator with errors leaves out only the methods that validate with it.
        ModelCompiler.Models models = new ModelCompiler(findings).compile(ref, Inputs.orEmpty(spec.getModels()));
        Map<String, RequestValidator> validators = validators(ref, Inputs.orEmpty(spec.getRequestValidators()));
        if (spec.getApiKeySource() == ApiKeySource.AUTHORIZER) {
            findings.notSupportedYet(ref, "spec.apiKeySource", "apiKeySource AUTHORIZER");
        }
        PayloadConfig payload = payload(ref, spec);
        if (spec.getEndpointConfiguration() != null) {
            findings.warning(
                    ref,
                    "spec.endpointConfiguration",
                    Reason.NO_EFFECT,
                    "endpointConfiguration is kept for import fidelity; every API is regional here");
        }
        List<GatewayResponseConfig> gatewayResponses =
                new GatewayResponseCompiler(findings).compile(ref, Inputs.orEmpty(spec.getGatewayResponses()));
        CorsConfig cors = new CorsCompiler(findings).compile(ref, spec.getCors());
        AuthorizerCompiler.ApiAuthorizers compiledAuthorizers = new AuthorizerCompiler.ApiAuthorizers(
                authorizers, authorizerCompiler.compile(ref, authorizerList, !rest));
        List<RouteDraft> routes = new ArrayList<>();
        RouteDraft defaultRoute = null;
        Context context = new Context(ref, compiledAuthorizers, models, validators);
        if (rest) {
            routes.addAll(resources(context, Inputs.orEmpty(spec.getResources())));
        } else if (protocol == ProtocolType.WEBSOCKET) {
            routes.addAll(webSocketRoutes(context, Inputs.orEmpty(spec.getRoutes())));
        } else {
            List<RouteDraft> all = routes(context, Inputs.orEmpty(spec.getRoutes()));
            for (RouteDraft d : all) {
                if (d.defaultRoute()) {
                    defaultRoute = d;
                } else {
                    routes.add(d);
                }
            }
        }
        return new ApiDraft(
                ref,
                protocol,
                !Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint()),
                routes,
                defaultRoute,
                gatewayResponses,
                cors,
                policy,
                Boolean.TRUE.equals(spec.getAllowEncodedSlashInProxy()),
                payload,
                selection);
    }

    /**
     * A WebSocket API's route selection expression, or null (with an error) when it is missing or
     * not one this gateway evaluates: {@code $request.body.PATH} or {@code ${request.body.PATH}},
     * PATH a dotted JSON path of names.
     */
    private String routeSelection(ResourceRef ref, String expression) {
        String e = expression == null ? "" : expression.trim();
        if (e.isEmpty()) {
            findings.error(
                    ref,
                    "spec.routeSelectionExpression",
                    Reason.INVALID_VALUE,
                    "a WebSocket API needs a routeSelectionExpression, e.g. $request.body.action");
            return null;
        }
        if (!Syntax.ROUTE_SELECTION.matcher(e).matches()) {
            // AWS selects a WebSocket route by the message only; text around body values would be AWS's
            // general selection-expression syntax, not evaluated here.
            boolean bodyOnly = Syntax.SELECTION_VARIABLE.matcher(e).results().allMatch(v -> v.group()
                    .replace("{", "")
                    .startsWith("$request.body."));
            findings.error(
                    ref,
                    "spec.routeSelectionExpression",
                    bodyOnly ? Reason.NOT_SUPPORTED_YET : Reason.INVALID_VALUE,
                    bodyOnly
                            ? e + " is not $request.body.PATH (PATH: names separated by dots), the expression served"
                            : e + ": AWS selects a WebSocket route by the message, $request.body.PATH (PATH: names"
                                    + " separated by dots)");
            return null;
        }
        return e;
    }

    /**
     * A WebSocket API's API key selection expression, as AWS has it: {@code $request.header.x-api-key}
     * (the default, what {@code $connect} reads) or {@code $context.authorizer.usageIdentifierKey}
     * (not served yet, as {@code apiKeySource: AUTHORIZER} is not).
     */
    private void apiKeySelection(ResourceRef ref, String expression) {
        String e = expression == null ? API_KEY_HEADER : expression.trim();
        if (e.equals(API_KEY_AUTHORIZER)) {
            findings.notSupportedYet(
                    ref, "spec.apiKeySelectionExpression", "the API key from the authorizer (" + e + ")");
        } else if (!e.equals(API_KEY_HEADER)) {
            findings.error(
                    ref,
                    "spec.apiKeySelectionExpression",
                    Reason.INVALID_VALUE,
                    e + " is not one of AWS's API key selection expressions, " + API_KEY_HEADER + " and "
                            + API_KEY_AUTHORIZER);
        }
    }

    /**
     * A WebSocket API's routes: each route key once, served under {@code /KEY} with POST (a message
     * is posted to its integration); authorizers and API keys only on {@code $connect}, as AWS.
     */
    private List<RouteDraft> webSocketRoutes(Context c, List<Route> routes) {
        List<RouteDraft> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Syntax.ResourcePath root = Syntax.resourcePath("/").value();
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            String rf = "spec.routes[" + i + "]";
            String key = route.getRouteKey() == null ? "" : route.getRouteKey().trim();
            if (!Syntax.WEBSOCKET_ROUTE_KEY.matcher(key).matches()) {
                findings.error(
                        c.ref(),
                        rf + ".routeKey",
                        Reason.INVALID_VALUE,
                        "routeKey " + key + " is not $connect, $disconnect, $default or a value of 1 to 128"
                                + " letters, digits and ._~:@!&'()*,;=- (a $ only in the three reserved keys)");
                continue;
            }
            if (!seen.add(key)) {
                findings.error(c.ref(), rf + ".routeKey", Reason.DUPLICATE, "route " + key + " is already defined");
                continue;
            }
            boolean connect = key.equals(WebSocketRouteConfig.CONNECT);
            int mark = findings.mark();
            if (!connect
                    && route.getAuthorizationType() != null
                    && route.getAuthorizationType() != AuthorizationType.NONE) {
                findings.error(
                        c.ref(),
                        rf + ".authorizationType",
                        Reason.INVALID_VALUE,
                        "a WebSocket API authorizes on $connect only, as AWS");
            }
            if (!connect && Boolean.TRUE.equals(route.getApiKeyRequired())) {
                findings.error(
                        c.ref(),
                        rf + ".apiKeyRequired",
                        Reason.INVALID_VALUE,
                        "a WebSocket API checks API keys on $connect only, as AWS");
            }
            String response = route.getRouteResponseSelectionExpression();
            boolean twoWay = false;
            if (response != null) {
                if (!response.trim().equals(WebSocketRouteConfig.DEFAULT)) {
                    findings.error(
                            c.ref(),
                            rf + ".routeResponseSelectionExpression",
                            Reason.INVALID_VALUE,
                            "a route response selection expression is $default, as AWS");
                } else if (connect || key.equals(WebSocketRouteConfig.DISCONNECT)) {
                    findings.warning(
                            c.ref(),
                            rf + ".routeResponseSelectionExpression",
                            Reason.NO_EFFECT,
                            key + " has no route response: no message is sent on it");
                } else {
                    twoWay = true;
                }
            }
            RouteAuthorizationConfig auth = routeAuthorization(c, rf, route);
            if (findings.errorsSince(mark)) {
                continue;
            }
            RouteDraft draft = methods.compile(c.ref(), rf, route.getIntegration(), root, "POST", false, false);
            if (draft != null) {
                out.add(draft.withAuthorization(auth)
                        .withApiKeyRequired(Boolean.TRUE.equals(route.getApiKeyRequired()))
                        .withWebSocket(new WebSocketRouteConfig(key, twoWay)));
            }
        }
        return out;
    }

    /** The API's binary media types and compression threshold, or null when it sets neither. */
    private PayloadConfig payload(ResourceRef ref, RestApiSpec spec) {
        List<String> binary = new ArrayList<>();
        List<String> listed = Inputs.orEmpty(spec.getBinaryMediaTypes());
        for (int i = 0; i < listed.size(); i++) {
            String type = listed.get(i) == null ? "" : listed.get(i).trim();
            if (!MEDIA_RANGE.matcher(type).matches()) {
                findings.error(
                        ref,
                        "spec.binaryMediaTypes[" + i + "]",
                        Reason.INVALID_VALUE,
                        "not a media type (type/subtype, * allowed): " + listed.get(i));
            } else if (!binary.contains(type.toLowerCase(Locale.ROOT))) {
                binary.add(type.toLowerCase(Locale.ROOT));
            }
        }
        Integer minimum = spec.getMinimumCompressionSize();
        if (minimum != null && (minimum < 0 || minimum > PayloadConfig.MAX_MINIMUM_COMPRESSION_SIZE)) {
            findings.error(
                    ref, "spec.minimumCompressionSize", Reason.INVALID_VALUE, "must be within 0..10485760, as in AWS");
            minimum = null;
        }
        return binary.isEmpty() && minimum == null ? null : new PayloadConfig(binary, minimum);
    }

    /** What every method of one API is checked against. */
    private record Context(
            ResourceRef ref,
            AuthorizerCompiler.ApiAuthorizers authorizers,
            ModelCompiler.Models models,
            Map<String, RequestValidator> validators) {}

    /** The API's request validators by name; a second one of a name is an error and is ignored. */
    private Map<String, RequestValidator> validators(ResourceRef ref, List<RequestValidator> list) {
        Map<String, RequestValidator> out = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            RequestValidator v = list.get(i);
            String f = "spec.requestValidators[" + i + "]";
            if (v.getName() == null || v.getName().isEmpty()) {
                findings.error(ref, f + ".name", Reason.INVALID_VALUE, "a request validator needs a name");
            } else if (out.putIfAbsent(v.getName(), v) != null) {
                findings.error(
                        ref,
                        f + ".name",
                        Reason.DUPLICATE,
                        "request validator " + v.getName() + " is already defined; methods use the first");
            } else if (!Boolean.TRUE.equals(v.getValidateRequestBody())
                    && !Boolean.TRUE.equals(v.getValidateRequestParameters())) {
                findings.warning(
                        ref,
                        f,
                        Reason.NO_EFFECT,
                        "request validator " + v.getName() + " validates neither the body nor the parameters");
            }
        }
        return out;
    }

    private List<RouteDraft> resources(Context c, List<Resource> resources) {
        List<RouteDraft> out = new ArrayList<>();
        Map<String, String> shapes = new HashMap<>();
        Map<String, String> paramAt = new HashMap<>();
        for (int r = 0; r < resources.size(); r++) {
            Resource resource = resources.get(r);
            String rf = "spec.resources[" + r + "]";
            Syntax.Result<Syntax.ResourcePath> parsed = Syntax.resourcePath(resource.getPath());
            if (!parsed.isOk()) {
                findings.error(c.ref(), rf + ".path", Reason.INVALID_VALUE, parsed.error());
                continue;
            }
            Syntax.ResourcePath path = parsed.value();
            String earlier = shapes.putIfAbsent(path.shape(), path.path());
            if (earlier != null) {
                findings.error(
                        c.ref(),
                        rf + ".path",
                        Reason.DUPLICATE,
                        "resource path " + path.path() + " is already defined"
                                + (earlier.equals(path.path()) ? "" : " as " + earlier));
                continue;
            }
            String conflict = paramConflict(paramAt, path);
            if (conflict != null) {
                findings.error(c.ref(), rf + ".path", Reason.CONFLICT, conflict);
                continue;
            }
            Set<String> seen = new HashSet<>();
            List<Method> methodList = Inputs.orEmpty(resource.getMethods());
            for (int m = 0; m < methodList.size(); m++) {
                Method method = methodList.get(m);
                String mf = rf + ".methods[" + m + "]";
                if (method.getHttpMethod() == null) {
                    findings.error(c.ref(), mf + ".httpMethod", Reason.INVALID_VALUE, "httpMethod is required");
                    continue;
                }
                String httpMethod = method.getHttpMethod().name();
                if (!seen.add(httpMethod)) {
                    findings.error(
                            c.ref(),
                            mf + ".httpMethod",
                            Reason.DUPLICATE,
                            httpMethod + " is already defined on " + path.path());
                    continue;
                }
                RouteDraft draft = method(c, mf, method, path);
                if (draft != null) {
                    out.add(draft);
                }
            }
        }
        return out;
    }

    // AWS allows one variable name per position under a parent: /pets/{id} and /pets/{petId}/toys clash.
    private static String paramConflict(Map<String, String> paramAt, Syntax.ResourcePath path) {
        String[] segments = path.path().substring(1).split("/");
        StringBuilder prefix = new StringBuilder();
        for (String s : segments) {
            if (s.startsWith("{")) {
                String key = prefix + "/{}";
                String name = s.replace("+", "");
                String other = paramAt.get(key);
                if (other != null && !other.equals(name)) {
                    return "resource path " + path.path() + " names the parameter under "
                            + (prefix.length() == 0 ? "/" : prefix) + " " + name + " where another resource names it "
                            + other;
                }
            }
            prefix.append('/').append(s.startsWith("{") ? "{}" : s);
        }
        prefix.setLength(0);
        for (String s : segments) {
            if (s.startsWith("{")) {
                paramAt.putIfAbsent(prefix + "/{}", s.replace("+", ""));
            }
            prefix.append('/').append(s.startsWith("{") ? "{}" : s);
        }
        return null;
    }

    private RouteDraft method(Context c, String mf, Method method, Syntax.ResourcePath path) {
        int mark = findings.mark();
        RouteAuthorizationConfig auth = authorizerCompiler.methodAuthorization(
                c.ref(),
                mf,
                c.authorizers(),
                method.getAuthorizationType(),
                method.getAuthorizerName(),
                method.getAuthorizationScopes());
        RequestValidator validator = null;
        if (method.getRequestValidator() != null) {
            validator = c.validators().get(method.getRequestValidator());
            if (validator == null) {
                findings.error(
                        c.ref(),
                        mf + ".requestValidator",
                        Reason.MISSING_REFERENCE,
                        "no request validator named " + method.getRequestValidator() + " in this API");
            }
        }
        for (Map.Entry<String, Boolean> e :
                Inputs.sorted(method.getRequestParameters()).entrySet()) {
            Matcher m = Syntax.METHOD_PARAMETER.matcher(e.getKey());
            String f = mf + ".requestParameters[" + e.getKey() + "]";
            if (!m.matches()) {
                findings.error(
                        c.ref(),
                        f,
                        Reason.INVALID_VALUE,
                        e.getKey() + " is not method.request.{path,querystring,header,multivaluequerystring,"
                                + "multivalueheader}.NAME");
            } else if (m.group(1).equals("path") && !path.params().contains(m.group(2))) {
                findings.error(c.ref(), f, Reason.INVALID_VALUE, path.path() + " has no path parameter " + m.group(2));
            }
        }
        if (method.getRequestModels() != null && !method.getRequestModels().isEmpty()) {
            for (Map.Entry<String, String> e :
                    Inputs.sorted(method.getRequestModels()).entrySet()) {
                if (!c.models().exists(e.getValue())) {
                    findings.error(
                            c.ref(),
                            mf + ".requestModels[" + e.getKey() + "]",
                            Reason.MISSING_REFERENCE,
                            "no model named " + e.getValue() + " in this API");
                }
            }
        }
        if (method.getMethodResponses() != null && !method.getMethodResponses().isEmpty()) {
            findings.warning(
                    c.ref(),
                    mf + ".methodResponses",
                    Reason.NO_EFFECT,
                    "method responses are declarations; integration responses decide what is sent");
        }
        ValidationConfig validation = validator == null ? null : validation(c, mf, method, validator);
        if (findings.errorsSince(mark)) {
            return null;
        }
        RouteDraft draft = methods.compile(
                c.ref(),
                mf,
                method.getIntegration(),
                path,
                method.getHttpMethod().name(),
                false,
                false);
        if (draft == null || refusesAuthorizerSources(c.ref(), mf, draft, auth)) {
            return null;
        }
        return draft.withAuthorization(auth)
                .withApiKeyRequired(Boolean.TRUE.equals(method.getApiKeyRequired()))
                .withValidation(validation);
    }

    /**
     * Reports (an error: the method is left out) a {@code context.authorizer.*} mapping source on a
     * method without an authorizer: nothing would ever fill it, so the backend could not tell a
     * verified value from no value at all.
     */
    private boolean refusesAuthorizerSources(
            ResourceRef ref, String field, RouteDraft draft, RouteAuthorizationConfig auth) {
        if (auth != null || !(draft.backend() instanceof RouteDraft.Http http)) {
            return false;
        }
        boolean refused = false;
        for (RouteDraft.Mapping m : http.requestParameters()) {
            if (m.source().fixed() instanceof ParameterSource.AuthorizerValue a) {
                findings.error(
                        ref,
                        field + ".integration.requestParameters",
                        Reason.INVALID_VALUE,
                        "context.authorizer." + a.name() + " is mapped to "
                                + m.target().name() + " but the method has no authorizer to provide it");
                refused = true;
            }
        }
        return refused;
    }

    /**
     * What the method's validator checks, as AWS: the parameters marked required (when it validates
     * parameters) and the body against the model of its content type (when it validates the body);
     * null when that is nothing. A model with errors that the method validates with is an error.
     */
    private ValidationConfig validation(Context c, String mf, Method method, RequestValidator validator) {
        List<ValidationConfig.RequiredParameter> required = new ArrayList<>();
        if (Boolean.TRUE.equals(validator.getValidateRequestParameters())) {
            for (Map.Entry<String, Boolean> e :
                    Inputs.sorted(method.getRequestParameters()).entrySet()) {
                Matcher m = Syntax.METHOD_PARAMETER.matcher(e.getKey());
                if (Boolean.TRUE.equals(e.getValue()) && m.matches()) {
                    String where = m.group(1).replace("multivalue", "").toUpperCase(Locale.ROOT);
                    required.add(new ValidationConfig.RequiredParameter(
                            ParameterSource.Location.valueOf(where), m.group(2)));
                }
            }
        }
        SortedMap<String, ValidationConfig.ModelConfig> bodies = new TreeMap<>();
        if (Boolean.TRUE.equals(validator.getValidateRequestBody())) {
            for (Map.Entry<String, String> e :
                    Inputs.sorted(method.getRequestModels()).entrySet()) {
                ValidationConfig.ModelConfig model = c.models().valid().get(e.getValue());
                if (model != null) {
                    bodies.put(e.getKey(), model);
                } else if (c.models().exists(e.getValue())) {
                    findings.error(
                            c.ref(),
                            mf + ".requestModels[" + e.getKey() + "]",
                            Reason.MISSING_REFERENCE,
                            "model " + e.getValue() + " has errors, and request validator " + validator.getName()
                                    + " validates the body with it");
                }
            }
        }
        return required.isEmpty() && bodies.isEmpty() ? null : new ValidationConfig(required, bodies);
    }

    /** Who may call a route (HTTP or WebSocket API), its findings under {@code rf}. */
    private RouteAuthorizationConfig routeAuthorization(Context c, String rf, Route route) {
        return authorizerCompiler.methodAuthorization(
                c.ref(),
                rf,
                c.authorizers(),
                route.getAuthorizationType(),
                route.getAuthorizerName(),
                route.getAuthorizationScopes());
    }

    private List<RouteDraft> routes(Context c, List<Route> routes) {
        List<RouteDraft> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            String rf = "spec.routes[" + i + "]";
            String key = route.getRouteKey() == null ? "" : route.getRouteKey().trim();
            Syntax.ResourcePath path;
            String httpMethod;
            boolean isDefault = key.equals("$default");
            if (isDefault) {
                // AWS sends the whole request path of a $default route to its integration.
                path = Syntax.resourcePath("/{proxy+}").value();
                httpMethod = "ANY";
            } else {
                Matcher m = Syntax.ROUTE_KEY.matcher(key);
                if (!m.matches()) {
                    findings.error(
                            c.ref(),
                            rf + ".routeKey",
                            Reason.INVALID_VALUE,
                            "routeKey " + key + " is not \"METHOD /path\" or $default");
                    continue;
                }
                Syntax.Result<Syntax.ResourcePath> parsed = Syntax.resourcePath(m.group(2));
                if (!parsed.isOk()) {
                    findings.error(c.ref(), rf + ".routeKey", Reason.INVALID_VALUE, parsed.error());
                    continue;
                }
                path = parsed.value();
                httpMethod = m.group(1);
            }
            String identity = isDefault ? "$default" : httpMethod + " " + path.shape();
            if (!seen.add(identity)) {
                findings.error(c.ref(), rf + ".routeKey", Reason.DUPLICATE, "route " + key + " is already defined");
                continue;
            }
            int mark = findings.mark();
            RouteAuthorizationConfig auth = routeAuthorization(c, rf, route);
            if (findings.errorsSince(mark)) {
                continue;
            }
            RouteDraft draft = methods.compile(c.ref(), rf, route.getIntegration(), path, httpMethod, isDefault, true);
            if (draft != null && !refusesAuthorizerSources(c.ref(), rf, draft, auth)) {
                out.add(draft.withAuthorization(auth)
                        .withApiKeyRequired(Boolean.TRUE.equals(route.getApiKeyRequired())));
            }
        }
        return out;
    }
}
