package dev.tollgate.compiler;

import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ServiceUpstreamConfig;
import dev.tollgate.ir.UpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import dev.tollgate.ir.ValidationConfig;
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
        ValidationConfig validation) {

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
                validation);
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
                checks);
    }

    /** What serves the route before a stage is known. */
    sealed interface Backend permits Fixed, Http {}

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
            ContentHandling contentHandling)
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
                validation);
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
        IntegrationConfig integration =
                backend instanceof Http http ? http(http, variables, problems) : ((Fixed) backend).config();
        return integration == null
                ? null
                : new RouteConfig(httpMethod, resourcePath, apiKeyRequired, integration, authorization)
                        .withValidation(validation);
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
                http.contentHandling());
    }

    private static String join(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (path.isEmpty() || path.equals("/")) {
            return b.isEmpty() ? "/" : b;
        }
        return b + (path.startsWith("/") ? path : "/" + path);
    }
}
