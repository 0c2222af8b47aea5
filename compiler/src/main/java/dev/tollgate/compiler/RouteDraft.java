package dev.tollgate.compiler;

import dev.tollgate.ir.AwsServiceConfig;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpApiMapping;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.LambdaIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import dev.tollgate.ir.ValidationConfig;
import dev.tollgate.ir.WebSocketRouteConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A checked method whose stage-dependent parts (stage variables in the URL, the backend path and
 * mapping sources) are filled in once per stage.
 *
 * @param field the method's field path in its RestApi, for messages
 * @param cacheKeyParameters what a cached response of this method is keyed by (the method's own,
 *     else its Integration's); used only where the stage caches
 * @param validation what the method's request validator checks, or null
 * @param webSocket the route key and route response of a WebSocket API's route, or null; its
 *     route is served under {@link WebSocketRouteConfig#resourcePath} while its backend path is
 *     built from {@code resourcePath} ({@code /}: AWS calls a WebSocket integration's URL as is)
 */
record RouteDraft(
        String field,
        String httpMethod,
        String resourcePath,
        boolean apiKeyRequired,
        boolean defaultRoute,
        Backend backend,
        RouteAuthorizationConfig authorization,
        List<CacheKeyParameter> cacheKeyParameters,
        ValidationConfig validation,
        WebSocketRouteConfig webSocket) {

    RouteDraft {
        cacheKeyParameters = List.copyOf(cacheKeyParameters);
    }

    /** This draft with who may call it. */
    RouteDraft withAuthorization(RouteAuthorizationConfig auth) {
        return new RouteDraft(
                field,
                httpMethod,
                resourcePath,
                apiKeyRequired,
                defaultRoute,
                backend,
                auth,
                cacheKeyParameters,
                validation,
                webSocket);
    }

    /** This draft with what its request validator checks. */
    RouteDraft withValidation(ValidationConfig checks) {
        return new RouteDraft(
                field,
                httpMethod,
                resourcePath,
                apiKeyRequired,
                defaultRoute,
                backend,
                authorization,
                cacheKeyParameters,
                checks,
                webSocket);
    }

    /** This draft as a WebSocket API's route. */
    RouteDraft withWebSocket(WebSocketRouteConfig route) {
        return new RouteDraft(
                field,
                httpMethod,
                resourcePath,
                apiKeyRequired,
                defaultRoute,
                backend,
                authorization,
                cacheKeyParameters,
                validation,
                route);
    }

    /** What serves the route before a stage is known. */
    sealed interface Backend permits Fixed, Http, Lambda {}

    /** A backend with nothing stage-dependent (MOCK). */
    record Fixed(IntegrationConfig config) implements Backend {}

    /** An HTTP backend; {@code url} and {@code path} may hold {@code ${stageVariables.x}}. */
    record Http(
            String integrationName,
            boolean proxy,
            String httpMethod,
            ServiceUpstreamConfig service,
            String url,
            String path,
            int timeoutMillis,
            List<Mapping> requestParameters,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses,
            ContentHandling contentHandling,
            AwsServiceConfig aws,
            List<HttpApiMapping> httpApiRequestMappings,
            SortedMap<Integer, List<HttpApiMapping>> httpApiResponseMappings)
            implements Backend {}

    /** A function; {@code function} may hold {@code ${stageVariables.x}}. */
    record Lambda(
            String integrationName,
            boolean proxy,
            String function,
            String qualifier,
            ServiceUpstreamConfig service,
            int timeoutMillis,
            String payloadFormatVersion,
            int maxConcurrency,
            SortedMap<String, String> requestTemplates,
            PassthroughBehavior passthroughBehavior,
            List<IntegrationResponseConfig> responses)
            implements Backend {}

    /** A parsed mapping whose source may still be a stage variable. */
    record Mapping(Syntax.Target target, Syntax.Source source) {}

    /** This draft with the method's {@code apiKeyRequired}. */
    RouteDraft withApiKeyRequired(boolean required) {
        return new RouteDraft(
                field,
                httpMethod,
                resourcePath,
                required,
                defaultRoute,
                backend,
                authorization,
                cacheKeyParameters,
                validation,
                webSocket);
    }

    /** The stage variables this route needs. */
    List<String> stageVariables() {
        List<String> names = new ArrayList<>();
        if (backend instanceof Http http) {
            names.addAll(Syntax.stageVariables(http.url()));
            names.addAll(Syntax.stageVariables(http.path()));
            for (Mapping m : http.requestParameters()) {
                if (m.source().stageVariable() != null) {
                    names.add(m.source().stageVariable());
                }
            }
        }
        if (backend instanceof Lambda lambda) {
            names.addAll(Syntax.stageVariables(lambda.function()));
        }
        return names.stream().distinct().toList();
    }

    /**
     * The route as one stage serves it, or null with the reasons added to {@code problems} when the
     * stage's variables do not make a valid backend.
     */
    RouteConfig build(Map<String, String> variables, List<String> problems) {
        int before = problems.size();
        for (String name : stageVariables()) {
            if (!variables.containsKey(name)) {
                problems.add("stage variable " + name + " is not defined; " + field + " needs it");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        IntegrationConfig integration;
        if (backend instanceof Http http) {
            integration = http(http, variables, problems);
        } else if (backend instanceof Lambda lambda) {
            integration = lambda(lambda, variables, problems);
        } else {
            integration = ((Fixed) backend).config();
        }
        return integration == null
                ? null
                : new RouteConfig(
                                httpMethod,
                                webSocket == null
                                        ? resourcePath
                                        : WebSocketRouteConfig.resourcePath(webSocket.routeKey()),
                                apiKeyRequired,
                                integration,
                                authorization)
                        .withValidation(validation)
                        .withWebSocket(webSocket);
    }

    private HttpIntegrationConfig http(Http http, Map<String, String> variables, List<String> problems) {
        UpstreamConfig upstream;
        String basePath = "";
        if (http.service() != null) {
            upstream = http.service();
        } else {
            String url = Syntax.substitute(http.url(), variables);
            Syntax.Result<Syntax.Url> parsed = Syntax.url(url);
            if (!parsed.isOk()) {
                problems.add("Integration " + http.integrationName() + " spec.url " + http.url() + " resolves to " + url
                        + ", which is not a valid URL: " + parsed.error());
                return null;
            }
            Syntax.Url u = parsed.value();
            upstream = new UrlUpstreamConfig(u.scheme(), u.host(), u.port());
            basePath = u.path();
        }
        String path;
        if (http.path() != null) {
            path = join(basePath, Syntax.substitute(http.path(), variables));
        } else if (http.proxy()) {
            path = join(basePath, resourcePath.replace("+}", "}"));
        } else {
            path = basePath.isEmpty() ? "/" : basePath;
        }
        if (path.isEmpty()) {
            path = "/";
        }
        if (!path.startsWith("/") || path.matches(".*[?#\\s].*")) {
            problems.add("the backend path of " + field + " resolves to " + path
                    + ", which is not a path (a stage variable holds ? or #)");
            return null;
        }
        List<ParameterMapping> mappings = new ArrayList<>();
        for (Mapping m : http.requestParameters()) {
            mappings.add(new ParameterMapping(
                    m.target().target(), m.target().name(), m.source().resolve(variables::get)));
        }
        mappings.sort(Comparator.comparing((ParameterMapping m) -> m.target().ordinal())
                .thenComparing(ParameterMapping::name));
        return new HttpIntegrationConfig(
                http.integrationName(),
                http.proxy(),
                http.httpMethod(),
                upstream,
                path,
                http.timeoutMillis(),
                mappings,
                http.requestTemplates(),
                http.passthroughBehavior(),
                http.responses(),
                http.contentHandling(),
                http.aws(),
                http.httpApiRequestMappings(),
                http.httpApiResponseMappings());
    }

    private LambdaIntegrationConfig lambda(Lambda lambda, Map<String, String> variables, List<String> problems) {
        String function = Syntax.substitute(lambda.function(), variables);
        if (!Syntax.isFunctionName(function)) {
            problems.add("Integration " + lambda.integrationName() + " spec.lambda.functionName " + lambda.function()
                    + " resolves to " + function + ", which is not a function name or ARN");
            return null;
        }
        return new LambdaIntegrationConfig(
                lambda.integrationName(),
                lambda.proxy(),
                function,
                lambda.qualifier(),
                lambda.service(),
                lambda.timeoutMillis(),
                lambda.payloadFormatVersion(),
                lambda.maxConcurrency(),
                lambda.requestTemplates(),
                lambda.passthroughBehavior(),
                lambda.responses());
    }

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (path.isEmpty() || path.equals("/")) {
            return b.isEmpty() ? "/" : b;
        }
        return b + (path.startsWith("/") ? path : "/" + path);
    }
}
