package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiKeySource;
import dev.tollgate.crds.v1alpha1.AuthorizationType;
import dev.tollgate.crds.v1alpha1.Authorizer;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.Model;
import dev.tollgate.crds.v1alpha1.ProtocolType;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a RestApi and turns its methods (or routes) into stage-independent drafts. */
final class ApiCompiler {
    private static final Pattern ROUTE_KEY = Pattern.compile("(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/\\S*)");
    private static final Pattern METHOD_PARAMETER = Pattern.compile(
            "method\\.request\\.(path|querystring|header|multivaluequerystring|multivalueheader)\\.(\\S+)");

    /** A valid API before stages: its routes as drafts. */
    record ApiDraft(
            ResourceRef ref,
            dev.tollgate.ir.ProtocolType protocolType,
            boolean executeApiEndpoint,
            List<RouteDraft> routes,
            RouteDraft defaultRoute,
            List<dev.tollgate.ir.GatewayResponseConfig> gatewayResponses,
            dev.tollgate.ir.CorsConfig cors,
            dev.tollgate.ir.ResourcePolicyConfig policy) {}

    private final Findings findings;
    private final MethodCompiler methods;

    ApiCompiler(Findings findings, MethodCompiler methods) {
        this.findings = findings;
        this.methods = methods;
    }

    /** The API's draft, or null when the API as a whole has errors. */
    ApiDraft compile(RestApi api) {
        ResourceRef ref = Compiler.ref(api);
        RestApiSpec spec = api.getSpec();
        if (spec == null) {
            findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
            return null;
        }
        int mark = findings.mark();
        ProtocolType protocol = spec.getProtocolType() == null ? ProtocolType.REST : spec.getProtocolType();
        if (protocol == ProtocolType.WEBSOCKET) {
            findings.error(ref, "spec.protocolType", Reason.NOT_SUPPORTED_YET, "WEBSOCKET APIs are not served yet");
            return null;
        }
        boolean rest = protocol == ProtocolType.REST;
        if (rest && notEmpty(spec.getRoutes())) {
            findings.error(ref, "spec.routes", Reason.INVALID_VALUE, "REST APIs use resources, not routes");
        }
        if (!rest && notEmpty(spec.getResources())) {
            findings.error(ref, "spec.resources", Reason.INVALID_VALUE, protocol + " APIs use routes, not resources");
        }
        // Any error in the policy leaves the API out (below): serving it without would admit callers it denies.
        dev.tollgate.ir.ResourcePolicyConfig policy = new PolicyCompiler(findings).compile(ref, spec.getPolicy());
        Set<String> authorizers = new HashSet<>();
        List<Authorizer> authorizerList = Compiler.orEmpty(spec.getAuthorizers());
        for (int i = 0; i < authorizerList.size(); i++) {
            if (!authorizers.add(authorizerList.get(i).getName())) {
                findings.error(
                        ref, "spec.authorizers[" + i + "].name", Reason.DUPLICATE, "authorizer names must be unique");
            }
        }
        Set<String> models = new HashSet<>();
        for (Model m : Compiler.orEmpty(spec.getModels())) {
            models.add(m.getName());
        }
        Set<String> validators = new HashSet<>();
        Compiler.orEmpty(spec.getRequestValidators()).forEach(v -> validators.add(v.getName()));
        if (findings.errorsSince(mark)) {
            return null;
        }
        if (spec.getApiKeySource() == ApiKeySource.AUTHORIZER) {
            findings.notSupportedYet(ref, "spec.apiKeySource", "apiKeySource AUTHORIZER");
        }
        if (notEmpty(spec.getBinaryMediaTypes())) {
            findings.notSupportedYet(ref, "spec.binaryMediaTypes", "binaryMediaTypes");
        }
        if (spec.getMinimumCompressionSize() != null) {
            findings.notSupportedYet(ref, "spec.minimumCompressionSize", "compression");
        }
        if (spec.getEndpointConfiguration() != null) {
            findings.warning(
                    ref,
                    "spec.endpointConfiguration",
                    Reason.NO_EFFECT,
                    "endpointConfiguration is kept for import fidelity; every API is regional here");
        }
        List<dev.tollgate.ir.GatewayResponseConfig> gatewayResponses =
                new GatewayResponseCompiler(findings).compile(ref, Compiler.orEmpty(spec.getGatewayResponses()));
        dev.tollgate.ir.CorsConfig cors = new CorsCompiler(findings).compile(ref, spec.getCors());
        Map<String, dev.tollgate.ir.AuthorizerConfig> compiledAuthorizers =
                new AuthorizerCompiler(findings, methods.integrations()).compile(ref, authorizerList);
        if (notEmpty(spec.getModels())) {
            findings.notSupportedYet(ref, "spec.models", "models (request validation)");
        }
        if (notEmpty(spec.getRequestValidators())) {
            findings.notSupportedYet(ref, "spec.requestValidators", "request validation");
        }
        List<RouteDraft> routes = new ArrayList<>();
        RouteDraft defaultRoute = null;
        Context context = new Context(ref, authorizers, models, validators, compiledAuthorizers);
        if (rest) {
            routes.addAll(resources(context, Compiler.orEmpty(spec.getResources())));
        } else {
            List<RouteDraft> all = routes(context, Compiler.orEmpty(spec.getRoutes()));
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
                dev.tollgate.ir.ProtocolType.valueOf(protocol.name()),
                !Boolean.TRUE.equals(spec.getDisableExecuteApiEndpoint()),
                routes,
                defaultRoute,
                gatewayResponses,
                cors,
                policy);
    }

    private record Context(
            ResourceRef ref,
            Set<String> authorizers,
            Set<String> models,
            Set<String> validators,
            Map<String, dev.tollgate.ir.AuthorizerConfig> compiled) {}

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
            List<Method> methodList = Compiler.orEmpty(resource.getMethods());
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
        dev.tollgate.ir.RouteAuthorizationConfig auth = authorization(
                c,
                mf,
                method.getAuthorizationType(),
                method.getAuthorizerName(),
                method.getAuthorizationScopes(),
                method.getApiKeyRequired());
        if (method.getRequestValidator() != null) {
            findings.error(
                    c.ref(),
                    mf + ".requestValidator",
                    c.validators().contains(method.getRequestValidator())
                            ? Reason.NOT_SUPPORTED_YET
                            : Reason.MISSING_REFERENCE,
                    c.validators().contains(method.getRequestValidator())
                            ? "request validation is not enforced yet"
                            : "no request validator named " + method.getRequestValidator() + " in this API");
        }
        for (Map.Entry<String, Boolean> e :
                Compiler.sorted(method.getRequestParameters()).entrySet()) {
            Matcher m = METHOD_PARAMETER.matcher(e.getKey());
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
                    Compiler.sorted(method.getRequestModels()).entrySet()) {
                if (!c.models().contains(e.getValue())) {
                    findings.error(
                            c.ref(),
                            mf + ".requestModels[" + e.getKey() + "]",
                            Reason.MISSING_REFERENCE,
                            "no model named " + e.getValue() + " in this API");
                }
            }
            findings.notSupportedYet(c.ref(), mf + ".requestModels", "request models (validation)");
        }
        if (method.getMethodResponses() != null && !method.getMethodResponses().isEmpty()) {
            findings.warning(
                    c.ref(),
                    mf + ".methodResponses",
                    Reason.NO_EFFECT,
                    "method responses are declarations; integration responses decide what is sent");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        RouteDraft draft = methods.compile(
                c.ref(),
                mf,
                method.getIntegration(),
                path,
                method.getHttpMethod().name(),
                false);
        return draft == null
                ? null
                : draft.withAuthorization(auth).withApiKeyRequired(Boolean.TRUE.equals(method.getApiKeyRequired()));
    }

    private dev.tollgate.ir.RouteAuthorizationConfig authorization(
            Context c,
            String f,
            AuthorizationType type,
            String authorizerName,
            List<String> scopes,
            Boolean apiKeyRequired) {
        boolean none = type == null || type == AuthorizationType.NONE;
        dev.tollgate.ir.RouteAuthorizationConfig result = null;
        dev.tollgate.ir.AuthorizerConfig compiled =
                authorizerName == null ? null : c.compiled().get(authorizerName);
        boolean jwtType = type == AuthorizationType.JWT || type == AuthorizationType.COGNITO_USER_POOLS;
        if (jwtType && authorizerName == null) {
            findings.error(c.ref(), f + ".authorizerName", Reason.MISSING_REFERENCE, type + " needs an authorizerName");
        } else if (jwtType && compiled instanceof dev.tollgate.ir.JwtAuthorizerConfig) {
            result = new dev.tollgate.ir.RouteAuthorizationConfig(
                    compiled, List.copyOf(new java.util.TreeSet<>(scopes == null ? List.of() : scopes)));
        } else if (type == AuthorizationType.CUSTOM && compiled instanceof dev.tollgate.ir.RequestAuthorizerConfig) {
            if (scopes != null && !scopes.isEmpty()) {
                findings.warning(
                        c.ref(), f + ".authorizationScopes", Reason.NO_EFFECT, "scopes apply to JWT authorizers");
            }
            result = new dev.tollgate.ir.RouteAuthorizationConfig(compiled, List.of());
        } else if (type == AuthorizationType.AWS_IAM) {
            // IAM maps to Kubernetes identity: TokenReview + SubjectAccessReview, decisions cached briefly.
            if (authorizerName != null) {
                findings.warning(c.ref(), f + ".authorizerName", Reason.NO_EFFECT, "AWS_IAM uses no authorizer");
            }
            result = new dev.tollgate.ir.RouteAuthorizationConfig(
                    new dev.tollgate.ir.KubernetesAuthorizerConfig("AWS_IAM", 10), List.of());
        } else if (type == AuthorizationType.CUSTOM && authorizerName == null) {
            findings.error(c.ref(), f + ".authorizerName", Reason.MISSING_REFERENCE, "CUSTOM needs an authorizerName");
        } else if (!none
                && (compiled != null
                        || !c.authorizers().contains(authorizerName)
                        || (!jwtType && type != AuthorizationType.CUSTOM))) {
            // Serving without it would let through callers it must refuse: fail closed.
            findings.error(
                    c.ref(),
                    f + ".authorizationType",
                    Reason.NOT_SUPPORTED_YET,
                    "authorizationType " + type + " is not enforced yet; the method is not served");
        } else if (!none) {
            // The named authorizer exists but has errors of its own, reported on it.
            findings.error(
                    c.ref(),
                    f + ".authorizerName",
                    Reason.INVALID_VALUE,
                    "authorizer " + authorizerName + " is invalid or not supported; the method is not served");
        }
        if (authorizerName != null) {
            if (!c.authorizers().contains(authorizerName)) {
                findings.error(
                        c.ref(),
                        f + ".authorizerName",
                        Reason.MISSING_REFERENCE,
                        "no authorizer named " + authorizerName + " in this API");
            } else if (none) {
                findings.warning(c.ref(), f + ".authorizerName", Reason.NO_EFFECT, "authorizationType is NONE");
            }
        }
        if (none && scopes != null && !scopes.isEmpty()) {
            findings.warning(c.ref(), f + ".authorizationScopes", Reason.NO_EFFECT, "authorizationType is NONE");
        }
        return result;
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
                Matcher m = ROUTE_KEY.matcher(key);
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
            dev.tollgate.ir.RouteAuthorizationConfig auth = authorization(
                    c,
                    rf,
                    route.getAuthorizationType(),
                    route.getAuthorizerName(),
                    route.getAuthorizationScopes(),
                    route.getApiKeyRequired());
            if (findings.errorsSince(mark)) {
                continue;
            }
            RouteDraft draft = methods.compile(c.ref(), rf, route.getIntegration(), path, httpMethod, isDefault);
            if (draft != null) {
                out.add(draft.withAuthorization(auth)
                        .withApiKeyRequired(Boolean.TRUE.equals(route.getApiKeyRequired())));
            }
        }
        return out;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
