package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.CachingSettings;
import dev.tollgate.crds.v1alpha1.Canary;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.LoggingLevel;
import dev.tollgate.crds.v1alpha1.MethodSetting;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageCache;
import dev.tollgate.crds.v1alpha1.StageDeployment;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.ir.CacheConfig;
import dev.tollgate.ir.CacheInvalidation;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.CanaryConfig;
import dev.tollgate.ir.ExecutionLogLevel;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.LogDestinationConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.StageTelemetryConfig;
import dev.tollgate.ir.ThrottleConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compiles Stages in two steps. {@link #deploy}: what a Stage serves (its RestApi as it is now, or
 * the ApiDeployment it is pinned to, and its canary's deployment) and under which name, its
 * variables substituted into every route, its access log. {@link #applyLimits} (after the usage
 * plans): its throttling, method settings and cache, merged into each route (the canary's too)
 * with the usage plans that cover the stage ({@link RouteLimitsMerge}).
 */
final class StageCompiler {
    /** AWS's cache cluster sizes in GB ({@code Grammar.CACHE_CLUSTER_SIZE}) and the memory bound they give, in MB. */
    static final Map<String, Integer> CACHE_SIZES_MB = Map.of(
            "0.5", 512, "1.6", 1638, "6.1", 6246, "13.5", 13824, "28.4", 29082, "58.2", 59597, "118", 120832, "237",
            242688);

    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final ThrottleCompiler throttles;

    StageCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
        this.throttles = new ThrottleCompiler(findings);
    }

    private void crossNamespace(RouteConfig route, List<String> problems) {
        if (route.integration() instanceof HttpIntegrationConfig http
                && http.upstream() instanceof UrlUpstreamConfig u) {
            String refused = IntegrationCompiler.crossNamespaceHost(snapshot, u.host());
            if (refused != null && !problems.contains(refused)) {
                problems.add(refused);
            }
        }
    }

    /**
     * A Stage that serves a valid RestApi or ApiDeployment, before its limits apply.
     *
     * @param resource the Stage
     * @param api the RestApi's name
     * @param name the stage's name as served
     * @param served the API the stage serves: the RestApi now, or its pinned deployment's snapshot
     * @param deployment the deployment a pinned stage serves, or null when it follows its RestApi
     * @param accessLogFormat the Stage's access log format, or null for the default
     * @param tracingEnabled whether the Stage traces its requests
     * @param accessLog whether the Stage sets an access log (one that sets none logs nothing)
     * @param accessLogDestination where its access log goes, or null for standard output
     * @param routes its routes sorted by resource path then method
     * @param defaultRoute an HTTP API's {@code $default} route, or null
     * @param canary the stage's canary, or null
     */
    record DeployedStage(
            Stage resource,
            String api,
            String name,
            ApiDraft served,
            DeploymentDraft deployment,
            SortedMap<String, String> variables,
            String accessLogFormat,
            boolean tracingEnabled,
            boolean accessLog,
            LogDestinationConfig accessLogDestination,
            List<DeployedRoute> routes,
            DeployedRoute defaultRoute,
            DeployedCanary canary) {

        /** {@code api/stage}, how usage plans name the stage. */
        String id() {
            return api + "/" + name;
        }
    }

    /**
     * A stage's canary before the stage's limits apply.
     *
     * @param percentTraffic the share of requests it serves, in percent
     * @param deployment the deployment it serves
     * @param variables the stage's variables with the canary's overrides
     * @param routes its routes sorted by resource path then method
     * @param defaultRoute an HTTP API's {@code $default} route, or null
     * @param useStageCache whether its requests use the stage's cache
     */
    record DeployedCanary(
            double percentTraffic,
            DeploymentDraft deployment,
            SortedMap<String, String> variables,
            List<DeployedRoute> routes,
            DeployedRoute defaultRoute,
            boolean useStageCache) {}

    /** A route as a stage serves it, with what its cached responses would be keyed by. */
    record DeployedRoute(RouteConfig route, List<CacheKeyParameter> cacheKeys) {}

    /** The stage's name as served: {@code spec.stageName}, else the resource name. */
    static String stageName(Stage stage) {
        StageSpec spec = stage.getSpec();
        return spec != null && spec.getStageName() != null
                ? spec.getStageName()
                : stage.getMetadata().getName();
    }

    /**
     * The Stages that serve a valid RestApi or ApiDeployment without errors of their own, in Stage
     * name order; an API no Stage deploys is reported as serving nothing.
     *
     * @param apis the valid RestApis by name
     * @param deployments the valid ApiDeployments the Stages name, by name
     */
    List<DeployedStage> deploy(SortedMap<String, ApiDraft> apis, SortedMap<String, DeploymentDraft> deployments) {
        List<DeployedStage> out = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        Set<String> apisWithStages = new HashSet<>();
        // One protocol per API: the RestApi's, else that of the first stage's deployment.
        Map<String, ProtocolType> protocols = new HashMap<>();
        apis.forEach((name, draft) -> protocols.put(name, draft.protocolType()));
        for (Stage stage : Inputs.byName(snapshot.stages())) {
            ResourceRef ref = ResourceRef.of(stage);
            if (stage.getSpec() == null) {
                findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
                continue;
            }
            String apiName = stage.getSpec().getRestApiRef();
            if (apiName == null || apiName.isEmpty()) {
                findings.error(ref, "spec.restApiRef", Reason.INVALID_VALUE, "restApiRef is required");
                continue;
            }
            apisWithStages.add(apiName);
            String name = stageName(stage);
            if (!declared.add(apiName + "/" + name)) {
                findings.error(
                        ref,
                        stage.getSpec().getStageName() != null ? "spec.stageName" : "metadata.name",
                        Reason.DUPLICATE,
                        "RestApi " + apiName + " already has a stage named " + name);
                continue;
            }
            StageDeployment mode = stage.getSpec().getDeployment();
            boolean apiExists = snapshot.restApis().stream()
                    .anyMatch(a -> apiName.equals(a.getMetadata().getName()));
            DeploymentDraft pinned = null;
            ApiDraft served;
            if (mode != null && mode.getMode() == DeploymentMode.Pinned) {
                pinned =
                        deployment(ref, "spec.deployment.deploymentRef", mode.getDeploymentRef(), apiName, deployments);
                if (pinned == null) {
                    continue;
                }
                served = pinned.api();
                if (!apiExists) {
                    findings.warning(
                            ref,
                            "spec.restApiRef",
                            Reason.MISSING_REFERENCE,
                            "no RestApi named " + apiName + " in namespace " + snapshot.namespace()
                                    + "; the stage keeps serving its pinned ApiDeployment " + pinned.name());
                }
            } else {
                served = apis.get(apiName);
                if (served == null) {
                    findings.error(
                            ref,
                            "spec.restApiRef",
                            Reason.MISSING_REFERENCE,
                            apiExists
                                    ? "RestApi " + apiName + " has errors"
                                    : "no RestApi named " + apiName + " in namespace " + snapshot.namespace());
                    continue;
                }
                if (mode != null && mode.getDeploymentRef() != null) {
                    findings.warning(
                            ref,
                            "spec.deployment.deploymentRef",
                            Reason.NO_EFFECT,
                            "an AutoDeploy stage serves the RestApi as it is now; set mode Pinned to serve ApiDeployment "
                                    + mode.getDeploymentRef());
                }
            }
            ProtocolType protocol = protocols.computeIfAbsent(apiName, n -> served.protocolType());
            if (served.protocolType() != protocol) {
                findings.error(
                        ref,
                        "spec.deployment.deploymentRef",
                        Reason.CONFLICT,
                        "ApiDeployment " + (pinned == null ? "" : pinned.name()) + " has protocolType "
                                + served.protocolType() + "; RestApi " + apiName + " is served as " + protocol);
                continue;
            }
            DeployedStage deployed = deploy(stage, served, pinned, protocol, deployments);
            if (deployed != null) {
                out.add(deployed);
            }
        }
        for (Map.Entry<String, ApiDraft> api : apis.entrySet()) {
            if (!apisWithStages.contains(api.getKey())) {
                findings.warning(
                        api.getValue().ref(),
                        "",
                        Reason.NOT_SERVED,
                        "no Stage deploys this API, so it serves nothing; add a Stage with restApiRef " + api.getKey());
            }
        }
        return out;
    }

    /**
     * The valid deployment of {@code apiName} a stage names in {@code field}, or null (reported); a
     * deleted deployment's last copy is served with a warning.
     */
    private DeploymentDraft deployment(
            ResourceRef ref,
            String field,
            String name,
            String apiName,
            SortedMap<String, DeploymentDraft> deployments) {
        if (name == null || name.isEmpty()) {
            findings.error(ref, field, Reason.INVALID_VALUE, "deploymentRef is required");
            return null;
        }
        DeploymentDraft draft = deployments.get(name);
        if (draft == null) {
            boolean exists = snapshot.apiDeployments().stream()
                            .anyMatch(d -> name.equals(d.getMetadata().getName()))
                    || snapshot.deletedApiDeployments().stream()
                            .anyMatch(d -> name.equals(d.getMetadata().getName()));
            findings.error(
                    ref,
                    field,
                    Reason.MISSING_REFERENCE,
                    exists
                            ? "ApiDeployment " + name + " has errors"
                            : "no ApiDeployment named " + name + " in namespace " + snapshot.namespace());
            return null;
        }
        if (!draft.api().ref().name().equals(apiName)) {
            findings.error(
                    ref,
                    field,
                    Reason.INVALID_VALUE,
                    "ApiDeployment " + name + " is a deployment of RestApi "
                            + draft.api().ref().name() + ", not of " + apiName);
            return null;
        }
        if (draft.deleted()) {
            findings.warning(
                    ref,
                    field,
                    Reason.MISSING_REFERENCE,
                    "ApiDeployment " + name + " was deleted but is still "
                            + (field.startsWith("spec.canary") ? "this stage's canary" : "pinned")
                            + "; it keeps serving its last copy");
        }
        return draft;
    }

    /** The stage deployed, or null when the stage has errors (reported on the Stage). */
    private DeployedStage deploy(
            Stage stage,
            ApiDraft api,
            DeploymentDraft pinned,
            ProtocolType protocol,
            SortedMap<String, DeploymentDraft> deployments) {
        ResourceRef ref = ResourceRef.of(stage);
        StageSpec spec = stage.getSpec();
        int mark = findings.mark();
        String name = stageName(stage);
        if (Grammar.DEFAULT_STAGE.equals(name)) {
            if (api.protocolType() != ProtocolType.HTTP) {
                findings.error(
                        ref,
                        "spec.stageName",
                        Reason.INVALID_VALUE,
                        "only HTTP APIs have a $default stage (served at the root of the endpoint)");
            }
        } else if (!Syntax.STAGE_NAME.matcher(name).matches()) {
            findings.error(
                    ref, "spec.stageName", Reason.INVALID_VALUE, "stage name " + name + " is not [A-Za-z0-9_-]+");
        }
        SortedMap<String, String> variables = Inputs.sorted(spec.getVariables());
        checkVariables(ref, "spec.variables", variables);
        // Throttling, method settings and the cache are compiled by applyLimits, after the usage plans.
        Canary canary = spec.getCanary();
        DeploymentDraft canaryDeployment = null;
        SortedMap<String, String> canaryVariables = null;
        if (canary != null) {
            canaryDeployment = deployment(
                    ref,
                    "spec.canary.deploymentRef",
                    canary.getDeploymentRef(),
                    api.ref().name(),
                    deployments);
            Double percent = canary.getPercentTraffic();
            if (percent != null && !(percent >= 0 && percent <= 100)) {
                findings.error(
                        ref, "spec.canary.percentTraffic", Reason.INVALID_VALUE, "percentTraffic is within 0..100");
            }
            SortedMap<String, String> overrides = Inputs.sorted(canary.getStageVariableOverrides());
            checkVariables(ref, "spec.canary.stageVariableOverrides", overrides);
            canaryVariables = new TreeMap<>(variables);
            canaryVariables.putAll(overrides);
            if (canaryDeployment != null && canaryDeployment.api().protocolType() != protocol) {
                findings.error(
                        ref,
                        "spec.canary.deploymentRef",
                        Reason.CONFLICT,
                        "ApiDeployment " + canaryDeployment.name() + " has protocolType "
                                + canaryDeployment.api().protocolType() + "; the stage serves " + protocol);
            }
        }
        boolean tracingEnabled = Boolean.TRUE.equals(spec.getTracingEnabled());
        if (tracingEnabled && (snapshot.gateways().isEmpty() || !gatewayNamesCollector())) {
            findings.warning(
                    ref,
                    "spec.tracingEnabled",
                    Reason.NO_EFFECT,
                    "the Gateway names no trace collector (spec.tracing.endpoint): trace context is propagated"
                            + " but no span is exported, unless the data plane is given one (--otlp-endpoint)");
        }
        String format = null;
        LogDestinationConfig destination = null;
        if (spec.getAccessLog() != null) {
            format = spec.getAccessLog().getFormat();
            if (format != null) {
                for (String unknown : Syntax.unknownContextVariables(format)) {
                    findings.warning(
                            ref,
                            "spec.accessLog.format",
                            Reason.NO_EFFECT,
                            "$context." + unknown + " is not a context variable the gateway provides; it logs as -");
                }
            }
            if (spec.getAccessLog().getDestination() != null) {
                destination = LogDestinations.parse(
                        spec.getAccessLog().getDestination(), ref, "spec.accessLog.destination", findings);
            }
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        Routes routes = routes(ref, "spec.variables", api, variables);
        if (routes == null) {
            return null;
        }
        DeployedCanary deployedCanary = null;
        if (canary != null) {
            Routes canaryRoutes =
                    routes(ref, "spec.canary.stageVariableOverrides", canaryDeployment.api(), canaryVariables);
            if (canaryRoutes != null) {
                deployedCanary = new DeployedCanary(
                        Objects.requireNonNullElse(canary.getPercentTraffic(), 0.0),
                        canaryDeployment,
                        canaryVariables,
                        canaryRoutes.routes(),
                        canaryRoutes.defaultRoute(),
                        Boolean.TRUE.equals(canary.getUseStageCache()));
            }
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        return new DeployedStage(
                stage,
                api.ref().name(),
                name,
                api,
                pinned,
                variables,
                format,
                tracingEnabled,
                spec.getAccessLog() != null,
                destination,
                routes.routes(),
                routes.defaultRoute(),
                deployedCanary);
    }

    private void checkVariables(ResourceRef ref, String field, SortedMap<String, String> variables) {
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String f = field + "[" + e.getKey() + "]";
            if (!Syntax.STAGE_VARIABLE_NAME.matcher(e.getKey()).matches()) {
                findings.error(ref, f, Reason.INVALID_VALUE, "stage variable names are [A-Za-z0-9_]+");
            } else if (e.getValue() == null
                    || !Syntax.STAGE_VARIABLE_VALUE.matcher(e.getValue()).matches()) {
                findings.error(ref, f, Reason.INVALID_VALUE, "stage variable values are [A-Za-z0-9-._~:/?#&=,]+");
            }
        }
    }

    /** A stage's (or canary's) routes with variables substituted. */
    private record Routes(List<DeployedRoute> routes, DeployedRoute defaultRoute) {}

    /** The API's routes with the variables substituted, or null when some cannot be (reported at {@code field}). */
    private Routes routes(ResourceRef ref, String field, ApiDraft api, SortedMap<String, String> variables) {
        List<String> problems = new ArrayList<>();
        List<DeployedRoute> routes = new ArrayList<>();
        for (RouteDraft draft : api.routes()) {
            RouteConfig route = draft.build(variables, problems);
            if (route != null) {
                routes.add(new DeployedRoute(route, draft.cacheKeyParameters()));
            }
        }
        RouteConfig defaultRoute =
                api.defaultRoute() == null ? null : api.defaultRoute().build(variables, problems);
        // A URL whose host comes from a stage variable is checked as the stage resolves it.
        routes.stream().map(DeployedRoute::route).forEach(r -> crossNamespace(r, problems));
        if (defaultRoute != null) {
            crossNamespace(defaultRoute, problems);
        }
        for (String problem : problems) {
            findings.error(
                    ref, field, Reason.INVALID_VALUE, "RestApi " + api.ref().name() + ": " + problem);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        routes.sort(Comparator.comparing((DeployedRoute r) -> r.route().resourcePath())
                .thenComparing(r -> r.route().httpMethod()));
        return new Routes(
                routes,
                defaultRoute == null
                        ? null
                        : new DeployedRoute(defaultRoute, api.defaultRoute().cacheKeyParameters()));
    }

    /**
     * The served stages by RestApi name, then stage name, each route with its throttle, cache and
     * usage plans; a stage whose settings have errors is left out (reported on the Stage).
     *
     * @param plans the usage plans without errors, sorted by name
     */
    SortedMap<String, SortedMap<String, StageConfig>> applyLimits(
            List<DeployedStage> stages, List<UsagePlanCompiler.Plan> plans) {
        List<DeployedStage> ordered = new ArrayList<>(stages);
        ordered.sort(Comparator.comparing(DeployedStage::api).thenComparing(DeployedStage::name));
        SortedMap<String, SortedMap<String, StageConfig>> out = new TreeMap<>();
        for (DeployedStage stage : ordered) {
            RouteLimitsMerge.StageLimits limits = limits(stage);
            SortedMap<String, ExecutionLogLevel> executionLogging = executionLogging(stage);
            if (limits == null) {
                continue;
            }
            List<RouteLimitsMerge.PlanLimits> covering = plans.stream()
                    .map(p -> p.on(stage.id()))
                    .filter(Objects::nonNull)
                    .toList();
            List<RouteConfig> routes = merge(stage.routes(), limits, covering, true);
            RouteConfig defaultRoute = merge(stage.defaultRoute(), limits, covering, true);
            List<String> unmetered = routes.stream()
                    .filter(r -> r.apiKeyRequired() && r.plans().isEmpty())
                    .map(r -> r.httpMethod() + " " + r.resourcePath())
                    .toList();
            if (!unmetered.isEmpty()) {
                findings.warning(
                        ResourceRef.of(stage.resource()),
                        "",
                        Reason.NOT_SERVED,
                        "no UsagePlan covers this stage, so its API-key methods (" + String.join(", ", unmetered)
                                + ") answer 403 to every request; add the stage to a UsagePlan's apiStages");
            }
            DeployedCanary canary = stage.canary();
            CanaryConfig canaryConfig = canary == null
                    ? null
                    : new CanaryConfig(
                            canary.percentTraffic(),
                            canary.deployment().config(),
                            canary.variables(),
                            merge(canary.routes(), limits, covering, canary.useStageCache()),
                            merge(canary.defaultRoute(), limits, covering, canary.useStageCache()));
            out.computeIfAbsent(stage.api(), k -> new TreeMap<>())
                    .put(
                            stage.name(),
                            new StageConfig(
                                    stage.name(),
                                    stage.variables(),
                                    stage.accessLogFormat(),
                                    routes,
                                    defaultRoute,
                                    limits.cacheSizeMb(),
                                    stage.deployment() == null
                                            ? null
                                            : stage.deployment().config(),
                                    canaryConfig,
                                    limits.cacheSizeMb() == null ? null : flushToken(stage),
                                    new StageTelemetryConfig(
                                            stage.tracingEnabled(),
                                            stage.accessLog(),
                                            stage.accessLogDestination(),
                                            executionLogging)));
        }
        return out;
    }

    private static List<RouteConfig> merge(
            List<DeployedRoute> routes,
            RouteLimitsMerge.StageLimits limits,
            List<RouteLimitsMerge.PlanLimits> covering,
            boolean cached) {
        return routes.stream().map(r -> merge(r, limits, covering, cached)).toList();
    }

    // A canary that does not use the stage cache is never cached (AWS's useStageCache false).
    private static RouteConfig merge(
            DeployedRoute route,
            RouteLimitsMerge.StageLimits limits,
            List<RouteLimitsMerge.PlanLimits> covering,
            boolean cached) {
        if (route == null) {
            return null;
        }
        RouteConfig merged = RouteLimitsMerge.merge(route.route(), route.cacheKeys(), limits, covering);
        return cached ? merged : merged.withLimits(merged.throttle(), null, merged.plans());
    }

    /** The stage's throttling, method settings and cache, or null when they have errors. */
    private RouteLimitsMerge.StageLimits limits(DeployedStage stage) {
        ResourceRef ref = ResourceRef.of(stage.resource());
        StageSpec spec = stage.resource().getSpec();
        int mark = findings.mark();
        ThrottleConfig stageThrottle = throttles.compile(ref, "spec.throttling", spec.getThrottling());
        List<MethodSetting> settings = Inputs.orEmpty(spec.getMethodSettings());
        List<RouteLimitsMerge.MethodSettingLimits> methodSettings = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            MethodSetting m = settings.get(i);
            String f = "spec.methodSettings[" + i + "]";
            ThrottleConfig throttle = throttles.compile(ref, f + ".throttling", m.getThrottling());
            if (m.getResourcePath() == null || m.getHttpMethod() == null) {
                findings.error(ref, f, Reason.INVALID_VALUE, "resourcePath and httpMethod are required");
                continue;
            }
            RouteLimitsMerge.MethodSettingLimits setting = new RouteLimitsMerge.MethodSettingLimits(
                    m.getResourcePath(), m.getHttpMethod(), throttle, caching(m.getCaching()), m.getMetricsEnabled());
            methodSettings.add(setting);
            if (stage.routes().stream().noneMatch(r -> setting.covers(r.route()))) {
                findings.warning(
                        ref,
                        f,
                        Reason.NO_EFFECT,
                        "no method " + m.getHttpMethod() + " " + m.getResourcePath() + " in RestApi " + stage.api());
            }
            if (m.getCaching() != null) {
                CachingSettings c = m.getCaching();
                if (c.getTtlInSeconds() != null && (c.getTtlInSeconds() < 0 || c.getTtlInSeconds() > 3600)) {
                    findings.error(ref, f + ".caching.ttlInSeconds", Reason.INVALID_VALUE, "must be within 0..3600");
                }
                if (Boolean.TRUE.equals(c.getDataEncrypted())) {
                    findings.warning(
                            ref,
                            f + ".caching.dataEncrypted",
                            Reason.NO_EFFECT,
                            "the cache lives in the gateway's memory or its Redis; it is not encrypted at rest");
                }
                if (Boolean.TRUE.equals(c.getEnabled()) && !cacheEnabled(spec)) {
                    findings.warning(
                            ref,
                            f + ".caching.enabled",
                            Reason.NO_EFFECT,
                            "the stage has no cache (spec.cache.enabled)");
                }
            }
        }
        Integer cacheSizeMb = null;
        int defaultTtl = CacheConfig.DEFAULT_TTL_SECONDS;
        StageCache cache = spec.getCache();
        if (cache != null) {
            if (cache.getSize() != null && !CACHE_SIZES_MB.containsKey(cache.getSize())) {
                findings.error(
                        ref,
                        "spec.cache.size",
                        Reason.INVALID_VALUE,
                        cache.getSize() + " is not one of AWS's cache sizes 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237");
            }
            if (cache.getTtlInSeconds() != null) {
                if (cache.getTtlInSeconds() < 0 || cache.getTtlInSeconds() > CacheConfig.MAX_TTL_SECONDS) {
                    findings.error(ref, "spec.cache.ttlInSeconds", Reason.INVALID_VALUE, "must be within 0..3600");
                } else {
                    defaultTtl = cache.getTtlInSeconds();
                }
            }
            if (cacheEnabled(spec)) {
                cacheSizeMb = CACHE_SIZES_MB.getOrDefault(Objects.requireNonNullElse(cache.getSize(), "0.5"), 512);
            }
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        return new RouteLimitsMerge.StageLimits(stageThrottle, methodSettings, cacheSizeMb, defaultTtl);
    }

    /** The Stage's {@code cache.flushToken}, or null. */
    private static String flushToken(DeployedStage stage) {
        StageCache cache = stage.resource().getSpec().getCache();
        return cache == null
                        || cache.getFlushToken() == null
                        || cache.getFlushToken().isBlank()
                ? null
                : cache.getFlushToken();
    }

    /** Whether the namespace's serving Gateway names a trace collector. */
    private boolean gatewayNamesCollector() {
        return snapshot.gateways().stream()
                .anyMatch(g -> g.getSpec() != null
                        && g.getSpec().getTracing() != null
                        && g.getSpec().getTracing().getEndpoint() != null);
    }

    /**
     * The execution logging level of each route (and canary route) its method settings give one,
     * the most specific setting winning as for throttles; OFF leaves a route out.
     */
    private SortedMap<String, ExecutionLogLevel> executionLogging(DeployedStage stage) {
        List<MethodSetting> settings = Inputs.orEmpty(stage.resource().getSpec().getMethodSettings());
        List<RouteConfig> routes = new ArrayList<>();
        stage.routes().forEach(r -> routes.add(r.route()));
        if (stage.defaultRoute() != null) {
            routes.add(stage.defaultRoute().route());
        }
        if (stage.canary() != null) {
            stage.canary().routes().forEach(r -> routes.add(r.route()));
        }
        SortedMap<String, ExecutionLogLevel> out = new TreeMap<>();
        for (RouteConfig route : routes) {
            LoggingLevel level = null;
            int rank = -1;
            for (MethodSetting m : settings) {
                if (m.getLoggingLevel() == null || m.getResourcePath() == null || m.getHttpMethod() == null) {
                    continue;
                }
                RouteLimitsMerge.MethodSettingLimits scope =
                        new RouteLimitsMerge.MethodSettingLimits(m.getResourcePath(), m.getHttpMethod(), null, null);
                if (scope.covers(route) && scope.rank() > rank) {
                    level = m.getLoggingLevel();
                    rank = scope.rank();
                }
            }
            if (level != null && level != LoggingLevel.OFF) {
                out.put(
                        StageTelemetryConfig.routeKey(route.httpMethod(), route.resourcePath()),
                        ExecutionLogLevel.valueOf(level.name()));
            }
        }
        return out;
    }

    private static RouteLimitsMerge.CacheOverride caching(CachingSettings c) {
        if (c == null) {
            return null;
        }
        CacheInvalidation unauthorized = c.getUnauthorizedCacheControlHeaderStrategy() == null
                ? null
                : CacheInvalidation.valueOf(
                        c.getUnauthorizedCacheControlHeaderStrategy().name());
        return new RouteLimitsMerge.CacheOverride(
                c.getEnabled(), c.getTtlInSeconds(), c.getRequireAuthorizationForCacheControl(), unauthorized);
    }

    private static boolean cacheEnabled(StageSpec spec) {
        return spec.getCache() != null && Boolean.TRUE.equals(spec.getCache().getEnabled());
    }
}
