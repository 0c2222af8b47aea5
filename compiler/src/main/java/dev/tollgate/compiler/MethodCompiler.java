package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.IntegrationResponse;
import dev.tollgate.crds.v1alpha1.IntegrationType;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ContentHandling;
import dev.tollgate.ir.HttpApiMapping;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one method of a RestApi (or one route of an HTTP API): its integration, merged with the
 * Integration it names as AWS merges them (mappings, templates, timeout, cache key parameters),
 * into a stage-independent {@link RouteDraft}.
 */
final class MethodCompiler {
    private final NamespaceSnapshot snapshot;
    private final Map<String, ResolvedIntegration> integrations;
    private final Findings findings;

    MethodCompiler(NamespaceSnapshot snapshot, Map<String, ResolvedIntegration> integrations, Findings findings) {
        this.snapshot = snapshot;
        this.integrations = integrations;
        this.findings = findings;
    }

    /**
     * The draft of one method, or null when its integration has errors (they are reported).
     *
     * @param field the method's field path, e.g. {@code spec.resources[2].methods[0]}
     * @param httpApi whether the method is an HTTP API's route (its Lambda proxy event may be 2.0)
     */
    RouteDraft compile(
            ResourceRef api,
            String field,
            MethodIntegration mi,
            Syntax.ResourcePath path,
            String httpMethod,
            boolean defaultRoute,
            boolean httpApi) {
        String f = field + ".integration";
        if (mi == null) {
            findings.error(api, f, Reason.INVALID_VALUE, "integration is required");
            return null;
        }
        if (mi.getIntegrationRef() == null || mi.getIntegrationRef().isEmpty()) {
            findings.error(api, f + ".integrationRef", Reason.INVALID_VALUE, "integrationRef is required");
            return null;
        }
        ResolvedIntegration integration = integrations.get(mi.getIntegrationRef());
        if (integration == null) {
            boolean exists = snapshot.integrations().stream()
                    .anyMatch(i -> mi.getIntegrationRef().equals(i.getMetadata().getName()));
            findings.error(
                    api,
                    f + ".integrationRef",
                    Reason.MISSING_REFERENCE,
                    exists
                            ? "Integration " + mi.getIntegrationRef() + " has errors"
                            : "no Integration named " + mi.getIntegrationRef() + " in namespace " + api.namespace());
            return null;
        }
        int mark = findings.mark();
        int timeout = Objects.requireNonNullElse(
                mi.getTimeoutMillis(),
                Objects.requireNonNullElse(integration.timeoutMillis(), HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS));
        if (mi.getTimeoutMillis() != null
                && (timeout < HttpIntegrationConfig.MIN_TIMEOUT_MILLIS
                        || timeout > HttpIntegrationConfig.DEFAULT_TIMEOUT_MILLIS)) {
            findings.error(api, f + ".timeoutMillis", Reason.INVALID_VALUE, "timeoutMillis must be within 50..29000");
        }
        checkCacheKeys(findings, api, f + ".cacheKeyParameters", mi.getCacheKeyParameters());
        // AWS keys the cache by the method's parameters, else by its Integration's.
        List<CacheKeyParameter> cacheKeys = Syntax.cacheKeys(
                Inputs.notEmpty(mi.getCacheKeyParameters())
                        ? Inputs.orEmpty(mi.getCacheKeyParameters())
                        : integration.cacheKeyParameters());
        if (mi.getCacheNamespace() != null) {
            findings.notSupportedYet(api, f + ".cacheNamespace", "caching");
        }
        boolean mock = integration.type() == IntegrationType.MOCK;
        SortedMap<String, String> ownTemplates = Inputs.sorted(mi.getRequestTemplates());
        checkRequestTemplates(findings, api, f + ".requestTemplates", ownTemplates);
        ContentHandling contentHandling = mi.getContentHandling() != null
                ? ContentHandling.valueOf(mi.getContentHandling().name())
                : integration.contentHandling();
        SortedMap<String, String> templates = new TreeMap<>(integration.requestTemplates());
        templates.putAll(ownTemplates);
        List<IntegrationResponseConfig> responses = List.of();
        if (integration.proxy()) {
            if (mi.getResponses() != null && !mi.getResponses().isEmpty()) {
                findings.warning(
                        api,
                        f + ".responses",
                        Reason.NO_EFFECT,
                        integration.type() + " returns the backend response as it is; integration responses do"
                                + " not apply");
            }
            if (!ownTemplates.isEmpty()) {
                findings.warning(
                        api,
                        f + ".requestTemplates",
                        Reason.NO_EFFECT,
                        integration.type() + " passes the body through");
            }
            if (mi.getContentHandling() != null) {
                findings.warning(
                        api, f + ".contentHandling", Reason.NO_EFFECT, integration.type() + " passes the body through");
            }
        } else {
            responses = responses(api, f + ".responses", mi.getResponses());
        }
        if (mock) {
            if (mi.getPath() != null) {
                findings.warning(api, f + ".path", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
            if (mi.getRequestParameters() != null && !mi.getRequestParameters().isEmpty()) {
                findings.warning(
                        api, f + ".requestParameters", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
            if (mi.getPassthroughBehavior() != null) {
                findings.notSupportedYet(api, f + ".passthroughBehavior", "passthroughBehavior on MOCK");
            }
            if (mi.getTimeoutMillis() != null) {
                findings.warning(
                        api, f + ".timeoutMillis", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
            if (mi.getResponseParameters() != null
                    && !mi.getResponseParameters().isEmpty()) {
                findings.warning(
                        api, f + ".responseParameters", Reason.NO_EFFECT, "a MOCK integration has no backend answer");
            }
            if (mi.getContentHandling() != null) {
                findings.warning(
                        api, f + ".contentHandling", Reason.NO_EFFECT, "a MOCK integration sends no backend request");
            }
            int status = 200;
            SortedMap<String, String> perRequest = new TreeMap<>();
            if (!templates.isEmpty()) {
                String key = templates.containsKey("application/json") ? "application/json" : templates.firstKey();
                var selected = Syntax.mockStatus(templates.get(key));
                if (Syntax.isVtl(templates.get(key))) {
                    // The status is whatever {"statusCode": N} the template renders, per request.
                    perRequest = templates;
                } else if (selected.isEmpty() || selected.get() < 100 || selected.get() > 599) {
                    findings.error(
                            api,
                            f + ".requestTemplates[" + key + "]",
                            Reason.INVALID_VALUE,
                            "a MOCK request template selects the status with {\"statusCode\": N}, N in 100..599");
                } else {
                    status = selected.get();
                }
            }
            if (findings.errorsSince(mark)) {
                return null;
            }
            return new RouteDraft(
                    field,
                    httpMethod,
                    path.path(),
                    false,
                    defaultRoute,
                    new RouteDraft.Fixed(new MockIntegrationConfig(status, responses, perRequest)),
                    null,
                    cacheKeys,
                    null,
                    null);
        }
        if (integration.lambda() != null) {
            return lambda(
                    api,
                    f,
                    mi,
                    integration,
                    path,
                    httpMethod,
                    defaultRoute,
                    httpApi,
                    timeout,
                    templates,
                    responses,
                    cacheKeys,
                    mark);
        }
        SortedMap<String, String> ownParameters = Inputs.sorted(mi.getRequestParameters());
        HttpApiMappings httpApiMappings = httpApiMappings(api, f, mi, ownParameters, path, httpApi);
        String ownPath = mi.getPath();
        if (ownPath != null && ownPath.contains("?")) {
            // AWS keeps a query string in the integration URI and sends mapped parameters with it; a
            // mapping of the same name replaces the URI's value.
            Syntax.Result<SortedMap<String, String>> query =
                    Syntax.uriQuery(ownPath.substring(ownPath.indexOf('?') + 1));
            if (query.isOk()) {
                query.value().forEach(ownParameters::putIfAbsent);
            } else {
                findings.error(api, f + ".path", Reason.INVALID_VALUE, query.error());
            }
            ownPath = ownPath.substring(0, ownPath.indexOf('?'));
            if (ownPath.isEmpty()) {
                ownPath = "/";
            }
        }
        List<RouteDraft.Mapping> parsedOwn =
                checkRequestParameters(findings, api, f + ".requestParameters", ownParameters, path);
        List<RouteDraft.Mapping> inherited =
                checkRequestParameters(new Findings(), api, "", integration.requestParameters(), null);
        for (RouteDraft.Mapping m : inherited) {
            if (isPathSourceOutside(m, path)) {
                findings.error(
                        api,
                        f + ".integrationRef",
                        Reason.INVALID_VALUE,
                        "Integration " + integration.name() + " maps "
                                + describe(m.source().fixed()) + ", which is not a path parameter of " + path.path());
            }
        }
        // Method mappings override the Integration's for the same target, as in AWS.
        SortedMap<String, RouteDraft.Mapping> merged = new TreeMap<>();
        for (RouteDraft.Mapping m : inherited) {
            merged.put(m.target().target() + ":" + m.target().name(), m);
        }
        for (RouteDraft.Mapping m : parsedOwn) {
            merged.put(m.target().target() + ":" + m.target().name(), m);
        }
        List<String> placeholders = new ArrayList<>();
        String pathField = f + ".path";
        if (integration.url() != null) {
            placeholders.addAll(Syntax.placeholders(integration.url()).value());
        }
        if (ownPath != null) {
            Syntax.Result<List<String>> own = Syntax.placeholders(ownPath);
            if (!own.isOk()) {
                findings.error(api, pathField, Reason.INVALID_VALUE, own.error());
                return null;
            }
            if (!ownPath.startsWith("/") && !ownPath.startsWith("${")) {
                findings.error(api, pathField, Reason.INVALID_VALUE, "path " + ownPath + " must start with /");
            }
            placeholders.addAll(own.value());
        } else if (integration.proxy()) {
            placeholders.addAll(path.params());
        }
        for (String name : placeholders) {
            String key = ParameterMapping.Target.PATH + ":" + name;
            if (merged.containsKey(key)) {
                continue;
            }
            if (integration.proxy() && path.params().contains(name)) {
                merged.put(
                        key,
                        new RouteDraft.Mapping(
                                new Syntax.Target(ParameterMapping.Target.PATH, name),
                                new Syntax.Source(
                                        new ParameterSource.Request(ParameterSource.Location.PATH, name), null)));
            } else {
                findings.error(
                        api,
                        ownPath != null ? pathField : f + ".integrationRef",
                        Reason.INVALID_VALUE,
                        "backend path placeholder {" + name + "} gets no value; map integration.request.path." + name);
            }
        }
        for (RouteDraft.Mapping m : merged.values()) {
            if (m.target().target() == ParameterMapping.Target.PATH
                    && !placeholders.contains(m.target().name())) {
                findings.warning(
                        api,
                        f + ".requestParameters",
                        Reason.NO_EFFECT,
                        "integration.request.path." + m.target().name() + " maps a placeholder the backend path lacks");
            }
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        PassthroughBehavior passthrough = mi.getPassthroughBehavior() != null
                ? PassthroughBehavior.valueOf(mi.getPassthroughBehavior().name())
                : Objects.requireNonNullElse(integration.passthroughBehavior(), PassthroughBehavior.WHEN_NO_MATCH);
        return new RouteDraft(
                field,
                httpMethod,
                path.path(),
                false,
                defaultRoute,
                new RouteDraft.Http(
                        integration.name(),
                        integration.proxy(),
                        integration.httpMethod(),
                        integration.service(),
                        integration.url(),
                        ownPath,
                        timeout,
                        List.copyOf(merged.values()),
                        integration.proxy() ? new TreeMap<>() : templates,
                        passthrough,
                        responses,
                        integration.proxy() ? null : contentHandling,
                        integration.aws(),
                        httpApiMappings.request(),
                        httpApiMappings.response()),
                null,
                cacheKeys,
                null,
                null);
    }

    /** A LAMBDA or LAMBDA_PROXY method: the function, its timeout, templates and responses. */
    private RouteDraft lambda(
            ResourceRef api,
            String f,
            MethodIntegration mi,
            ResolvedIntegration integration,
            Syntax.ResourcePath path,
            String httpMethod,
            boolean defaultRoute,
            boolean httpApi,
            int timeout,
            SortedMap<String, String> templates,
            List<IntegrationResponseConfig> responses,
            List<CacheKeyParameter> cacheKeys,
            int mark) {
        if (mi.getPath() != null) {
            findings.warning(api, f + ".path", Reason.NO_EFFECT, "a function is invoked on the invoke API's path");
        }
        if (mi.getRequestParameters() != null && !mi.getRequestParameters().isEmpty()) {
            findings.warning(api, f + ".requestParameters", Reason.NO_EFFECT, "the invoke API takes the payload only");
        }
        ResolvedIntegration.Lambda fn = integration.lambda();
        String version = !httpApi ? "1.0" : Objects.requireNonNullElse(fn.payloadFormatVersion(), "2.0");
        if (!httpApi && fn.payloadFormatVersion() != null && !"1.0".equals(fn.payloadFormatVersion())) {
            findings.warning(
                    api,
                    f + ".integrationRef",
                    Reason.NO_EFFECT,
                    "Integration " + integration.name() + " asks for payload format " + fn.payloadFormatVersion()
                            + "; REST APIs send 1.0");
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        boolean proxy = integration.proxy();
        PassthroughBehavior passthrough = mi.getPassthroughBehavior() != null
                ? PassthroughBehavior.valueOf(mi.getPassthroughBehavior().name())
                : Objects.requireNonNullElse(integration.passthroughBehavior(), PassthroughBehavior.WHEN_NO_MATCH);
        return new RouteDraft(
                f.substring(0, f.length() - ".integration".length()),
                httpMethod,
                path.path(),
                false,
                defaultRoute,
                new RouteDraft.Lambda(
                        integration.name(),
                        proxy,
                        fn.function(),
                        fn.qualifier(),
                        integration.service(),
                        timeout,
                        version,
                        Objects.requireNonNullElse(fn.maxConcurrency(), 0),
                        proxy ? new TreeMap<>() : templates,
                        passthrough,
                        responses),
                null,
                cacheKeys,
                null,
                null);
    }

    /** An HTTP API route's own mappings in AWS's v2 syntax. */
    private record HttpApiMappings(List<HttpApiMapping> request, SortedMap<Integer, List<HttpApiMapping>> response) {}

    /**
     * Takes the HTTP API keys ({@code append:}, {@code overwrite:}, {@code remove:}) out of {@code
     * parameters} and compiles them with the route's response parameters; on a REST API method
     * both are errors.
     */
    private HttpApiMappings httpApiMappings(
            ResourceRef api,
            String f,
            MethodIntegration mi,
            SortedMap<String, String> parameters,
            Syntax.ResourcePath path,
            boolean httpApi) {
        SortedMap<String, String> v2 = new TreeMap<>();
        parameters.entrySet().removeIf(e -> {
            if (HttpApiMappingCompiler.isHttpApiKey(e.getKey())) {
                v2.put(e.getKey(), e.getValue());
                return true;
            }
            return false;
        });
        Map<String, Map<String, String>> byStatus =
                mi.getResponseParameters() == null ? Map.of() : mi.getResponseParameters();
        if (!httpApi) {
            for (String key : v2.keySet()) {
                findings.error(
                        api,
                        f + ".requestParameters[" + key + "]",
                        Reason.INVALID_VALUE,
                        key + " is an HTTP API mapping; a REST API method maps integration.request.*");
            }
            if (!byStatus.isEmpty()) {
                findings.error(
                        api,
                        f + ".responseParameters",
                        Reason.INVALID_VALUE,
                        "responseParameters by status are an HTTP API's; a REST API maps responses in"
                                + " integration responses");
            }
            return new HttpApiMappings(List.of(), new TreeMap<>());
        }
        HttpApiMappingCompiler compiler = new HttpApiMappingCompiler(findings);
        return new HttpApiMappings(
                compiler.request(api, f + ".requestParameters", v2, path),
                compiler.response(api, f + ".responseParameters", byStatus));
    }

    private static boolean isPathSourceOutside(RouteDraft.Mapping m, Syntax.ResourcePath path) {
        return path != null
                && m.source().fixed() instanceof ParameterSource.Request r
                && r.location() == ParameterSource.Location.PATH
                && !path.params().contains(r.name());
    }

    private static String describe(ParameterSource source) {
        ParameterSource.Request r = (ParameterSource.Request) source;
        return "method.request.path." + r.name();
    }

    private List<IntegrationResponseConfig> responses(ResourceRef api, String field, List<IntegrationResponse> in) {
        List<IntegrationResponseConfig> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        boolean sawDefault = false;
        for (int i = 0; i < in.size(); i++) {
            IntegrationResponse r = in.get(i);
            String f = field + "[" + i + "]";
            int mark = findings.mark();
            if (r.getSelectionPattern() == null) {
                if (sawDefault) {
                    findings.error(
                            api,
                            f,
                            Reason.DUPLICATE,
                            "only one integration response may omit selectionPattern (the default)");
                }
                sawDefault = true;
            } else {
                try {
                    Pattern.compile(r.getSelectionPattern());
                } catch (PatternSyntaxException e) {
                    findings.error(
                            api,
                            f + ".selectionPattern",
                            Reason.INVALID_VALUE,
                            "selectionPattern is not a valid regular expression: " + e.getDescription());
                }
            }
            if (r.getStatusCode() == null || r.getStatusCode() < 100 || r.getStatusCode() > 599) {
                findings.error(api, f + ".statusCode", Reason.INVALID_VALUE, "statusCode must be within 100..599");
            }
            List<ParameterMapping> parameters = new ArrayList<>();
            for (Map.Entry<String, String> e :
                    Inputs.sorted(r.getResponseParameters()).entrySet()) {
                String pf = f + ".responseParameters[" + e.getKey() + "]";
                Syntax.Result<Syntax.Target> target = Syntax.responseTarget(e.getKey());
                Syntax.Result<Syntax.Source> source = Syntax.responseSource(e.getValue());
                if (!target.isOk()) {
                    findings.error(api, pf, target.reason(), target.error());
                } else if (!source.isOk()) {
                    findings.error(api, pf, source.reason(), source.error());
                } else {
                    parameters.add(new ParameterMapping(
                            target.value().target(),
                            target.value().name(),
                            source.value().fixed()));
                }
            }
            SortedMap<String, String> templates = Inputs.sorted(r.getResponseTemplates());
            new TemplateCompiler(findings).check(api, f + ".responseTemplates", templates);
            ContentHandling contentHandling = r.getContentHandling() == null
                    ? null
                    : ContentHandling.valueOf(r.getContentHandling().name());
            if (!findings.errorsSince(mark)) {
                out.add(new IntegrationResponseConfig(
                        r.getSelectionPattern(), r.getStatusCode(), parameters, templates, contentHandling));
            }
        }
        return out;
    }

    /**
     * Parses request parameter mappings, reporting each bad one; {@code path} (when known) is the
     * route whose path parameters {@code method.request.path.x} may name.
     */
    static List<RouteDraft.Mapping> checkRequestParameters(
            Findings findings,
            ResourceRef ref,
            String field,
            Map<String, String> parameters,
            Syntax.ResourcePath path) {
        List<RouteDraft.Mapping> out = new ArrayList<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String f = field + "[" + e.getKey() + "]";
            Syntax.Result<Syntax.Target> target = Syntax.requestTarget(e.getKey());
            Syntax.Result<Syntax.Source> source = Syntax.requestSource(e.getValue());
            if (!target.isOk()) {
                findings.error(ref, f, target.reason(), target.error());
            } else if (!source.isOk()) {
                findings.error(ref, f, source.reason(), source.error());
            } else {
                RouteDraft.Mapping m = new RouteDraft.Mapping(target.value(), source.value());
                if (isPathSourceOutside(m, path)) {
                    findings.error(
                            ref, f, Reason.INVALID_VALUE, e.getValue() + " is not a path parameter of " + path.path());
                } else {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Request templates are VTL: each must parse, as the data plane parses it. */
    static void checkRequestTemplates(Findings findings, ResourceRef ref, String field, Map<String, String> templates) {
        new TemplateCompiler(findings).check(ref, field, templates);
    }

    /**
     * Checks cache key parameters where they are written (a method's or an Integration's): each must
     * be {@code method.request.LOCATION.NAME}.
     */
    static void checkCacheKeys(Findings findings, ResourceRef ref, String field, List<String> keys) {
        List<String> list = Inputs.orEmpty(keys);
        for (int i = 0; i < list.size(); i++) {
            if (!Syntax.isCacheKey(list.get(i))) {
                findings.error(
                        ref,
                        field + "[" + i + "]",
                        Reason.INVALID_VALUE,
                        list.get(i) + " is not method.request.{path,querystring,header,multivaluequerystring,"
                                + "multivalueheader}.NAME");
            }
        }
    }
}
