package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.ApiKeySpec;
import dev.tollgate.crds.v1alpha1.CachingSettings;
import dev.tollgate.crds.v1alpha1.FailureMode;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.Method;
import dev.tollgate.crds.v1alpha1.MethodIntegration;
import dev.tollgate.crds.v1alpha1.MethodSetting;
import dev.tollgate.crds.v1alpha1.Quota;
import dev.tollgate.crds.v1alpha1.RedisSettings;
import dev.tollgate.crds.v1alpha1.Resource;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Route;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageCache;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.crds.v1alpha1.Throttle;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.crds.v1alpha1.UsagePlanApiStage;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.CacheConfig;
import dev.tollgate.ir.CacheInvalidation;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.QuotaPeriod;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.ThrottleConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles what limits and caches requests: stage throttles and method settings, response caching,
 * usage plans (per-key throttles and quotas), API keys (hashed) and the Gateway's Redis. Merges
 * them into each route as AWS applies them, so the data plane only enforces.
 */
final class LimitsCompiler {
    /** The Secret key an ApiKey's generated value is written to by the operator. */
    static final String GENERATED_SECRET_KEY = "apiKey";

    /** AWS refuses API key values shorter than this. */
    static final int MIN_KEY_LENGTH = 20;

    private static final Pattern PLAN_THROTTLE_KEY =
            Pattern.compile("(/\\S*)/(\\*|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY)");
    private static final Pattern REDIS_URL =
            Pattern.compile("(rediss?)://([^/@]*@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?(/[0-9]{0,2})?");
    private static final Pattern CACHE_KEY = Pattern.compile(
            "method\\.request\\.(path|querystring|header|multivaluequerystring|multivalueheader)\\.([^\\s.]\\S*)");

    /** AWS's cache cluster sizes in GB and the memory bound they give, in MB. */
    private static final Map<String, Integer> CACHE_SIZES_MB = Map.of(
            "0.5", 512, "1.6", 1638, "6.1", 6246, "13.5", 13824, "28.4", 29082, "58.2", 59597, "118", 120832, "237",
            242688);

    private final NamespaceSnapshot snapshot;
    private final Findings findings;

    LimitsCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
    }

    /** A compiled usage plan: its limits and the stages it covers. */
    private record PlanDraft(
            String name,
            ThrottleConfig throttle,
            QuotaConfig quota,
            Map<String, SortedMap<String, ThrottleConfig>> methodThrottles) {}

    /**
     * Returns the stages with their routes' throttles, caches and usage plans filled in; a stage
     * whose settings have errors is left out (reported on the Stage).
     */
    SortedMap<String, SortedMap<String, StageConfig>> apply(
            SortedMap<String, SortedMap<String, StageConfig>> stages, List<PlanResult> plansOut) {
        Map<String, Stage> resources = new HashMap<>();
        for (Stage s : Compiler.byName(snapshot.stages())) {
            if (s.getSpec() != null && s.getSpec().getRestApiRef() != null) {
                resources.putIfAbsent(s.getSpec().getRestApiRef() + "/" + StageCompiler.stageName(s), s);
            }
        }
        List<PlanDraft> plans = plans(stages);
        plans.forEach(p -> plansOut.add(new PlanResult(p.name())));
        SortedMap<String, SortedMap<String, StageConfig>> out = new TreeMap<>();
        for (Map.Entry<String, SortedMap<String, StageConfig>> api : stages.entrySet()) {
            Map<String, List<String>> cacheKeys = cacheKeyParameters(api.getKey());
            for (StageConfig stage : api.getValue().values()) {
                Stage resource = resources.get(api.getKey() + "/" + stage.name());
                StageConfig compiled =
                        resource == null ? stage : stage(resource, api.getKey(), stage, cacheKeys, plans);
                if (compiled != null) {
                    out.computeIfAbsent(api.getKey(), k -> new TreeMap<>()).put(compiled.name(), compiled);
                }
            }
        }
        return out;
    }

    /** A plan that compiled, for the API keys that name it. */
    record PlanResult(String name) {}

    private StageConfig stage(
            Stage resource, String api, StageConfig stage, Map<String, List<String>> cacheKeys, List<PlanDraft> plans) {
        ResourceRef ref = Compiler.ref(resource);
        StageSpec spec = resource.getSpec();
        int mark = findings.mark();
        ThrottleConfig stageThrottle = throttle(ref, "spec.throttling", spec.getThrottling());
        List<MethodSetting> settings = Compiler.orEmpty(spec.getMethodSettings());
        List<ThrottleConfig> settingThrottles = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            MethodSetting m = settings.get(i);
            String f = "spec.methodSettings[" + i + "]";
            settingThrottles.add(throttle(ref, f + ".throttling", m.getThrottling()));
            if (m.getResourcePath() == null || m.getHttpMethod() == null) {
                findings.error(ref, f, Reason.INVALID_VALUE, "resourcePath and httpMethod are required");
                continue;
            }
            boolean matches = stage.routes().stream().anyMatch(r -> covers(m, r));
            if (!matches) {
                findings.warning(
                        ref,
                        f,
                        Reason.NO_EFFECT,
                        "no method " + m.getHttpMethod() + " " + m.getResourcePath() + " in RestApi " + api);
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
            if (m.getLoggingLevel() != null) {
                findings.notSupportedYet(ref, f + ".loggingLevel", "execution logging");
            }
            if (m.getMetricsEnabled() != null) {
                findings.warning(
                        ref, f + ".metricsEnabled", Reason.NO_EFFECT, "per-method metrics are always exported");
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
        List<RouteConfig> routes = new ArrayList<>();
        for (RouteConfig route : stage.routes()) {
            routes.add(route(
                    route,
                    api,
                    stage.name(),
                    stageThrottle,
                    settings,
                    settingThrottles,
                    cacheSizeMb,
                    defaultTtl,
                    cacheKeys,
                    plans));
        }
        RouteConfig defaultRoute = stage.defaultRoute() == null
                ? null
                : route(
                        stage.defaultRoute(),
                        api,
                        stage.name(),
                        stageThrottle,
                        settings,
                        settingThrottles,
                        cacheSizeMb,
                        defaultTtl,
                        cacheKeys,
                        plans);
        List<String> unmetered = routes.stream()
                .filter(r -> r.apiKeyRequired() && r.plans().isEmpty())
                .map(r -> r.httpMethod() + " " + r.resourcePath())
                .toList();
        if (!unmetered.isEmpty()) {
            findings.warning(
                    ref,
                    "",
                    Reason.NOT_SERVED,
                    "no UsagePlan covers this stage, so its API-key methods (" + String.join(", ", unmetered)
                            + ") answer 403 to every request; add the stage to a UsagePlan's apiStages");
        }
        return new StageConfig(
                stage.name(), stage.variables(), stage.accessLogFormat(), routes, defaultRoute, cacheSizeMb);
    }

    private static boolean cacheEnabled(StageSpec spec) {
        return spec.getCache() != null && Boolean.TRUE.equals(spec.getCache().getEnabled());
    }

    private RouteConfig route(
            RouteConfig route,
            String api,
            String stage,
            ThrottleConfig stageThrottle,
            List<MethodSetting> settings,
            List<ThrottleConfig> settingThrottles,
            Integer cacheSizeMb,
            int defaultTtl,
            Map<String, List<String>> cacheKeys,
            List<PlanDraft> plans) {
        // The most specific setting wins, field by field, as AWS resolves */* against a method's own.
        ThrottleConfig throttle = stageThrottle;
        int throttleRank = -1;
        CachingSettings caching = null;
        int cachingRank = -1;
        for (int i = 0; i < settings.size(); i++) {
            MethodSetting m = settings.get(i);
            if (m.getResourcePath() == null || m.getHttpMethod() == null || !covers(m, route)) {
                continue;
            }
            int rank = (m.getResourcePath().equals("*") ? 0 : 2)
                    + (m.getHttpMethod().equals("*") ? 0 : 1);
            if (settingThrottles.get(i) != null && rank > throttleRank) {
                throttle = settingThrottles.get(i);
                throttleRank = rank;
            }
            if (m.getCaching() != null && rank > cachingRank) {
                caching = m.getCaching();
                cachingRank = rank;
            }
        }
        CacheConfig cache = null;
        boolean cacheable =
                route.httpMethod().equals("GET") || route.httpMethod().equals(RouteConfig.ANY);
        if (cacheSizeMb != null && cacheable) {
            // AWS enables caching of every GET method when the stage cache is turned on.
            boolean enabled = caching == null || caching.getEnabled() == null || caching.getEnabled();
            int ttl = caching != null && caching.getTtlInSeconds() != null ? caching.getTtlInSeconds() : defaultTtl;
            if (enabled && ttl > 0) {
                boolean requireAuth = caching == null
                        || caching.getRequireAuthorizationForCacheControl() == null
                        || caching.getRequireAuthorizationForCacheControl();
                CacheInvalidation unauthorized =
                        caching == null || caching.getUnauthorizedCacheControlHeaderStrategy() == null
                                ? CacheInvalidation.SUCCEED_WITH_RESPONSE_HEADER
                                : CacheInvalidation.valueOf(caching.getUnauthorizedCacheControlHeaderStrategy()
                                        .name());
                cache = new CacheConfig(
                        ttl,
                        parseCacheKeys(
                                cacheKeys.getOrDefault(route.httpMethod() + " " + route.resourcePath(), List.of())),
                        requireAuth,
                        unauthorized);
            }
        }
        List<PlanLimitsConfig> planLimits = new ArrayList<>();
        if (route.apiKeyRequired()) {
            for (PlanDraft plan : plans) {
                SortedMap<String, ThrottleConfig> methods =
                        plan.methodThrottles().get(api + "/" + stage);
                if (methods == null) {
                    continue;
                }
                String prefix = route.resourcePath().equals("/") ? "/" : route.resourcePath();
                ThrottleConfig own = methods.get(prefix + "/" + route.httpMethod());
                if (own == null) {
                    own = methods.get(prefix + "/*");
                }
                planLimits.add(
                        own != null
                                ? new PlanLimitsConfig(plan.name(), own, true, plan.quota())
                                : new PlanLimitsConfig(plan.name(), plan.throttle(), false, plan.quota()));
            }
        }
        return route.withLimits(throttle, cache, planLimits);
    }

    private static boolean covers(MethodSetting m, RouteConfig route) {
        boolean path = m.getResourcePath().equals("*") || m.getResourcePath().equals(route.resourcePath());
        boolean method = m.getHttpMethod().equals("*") || m.getHttpMethod().equals(route.httpMethod());
        return path && method;
    }

    private ThrottleConfig throttle(ResourceRef ref, String field, Throttle t) {
        if (t == null) {
            return null;
        }
        if (t.getRateLimit() == null || t.getBurstLimit() == null) {
            findings.error(ref, field, Reason.INVALID_VALUE, "rateLimit and burstLimit are both required");
            return null;
        }
        if (!(t.getRateLimit() >= 0) || t.getRateLimit().isInfinite() || t.getBurstLimit() < 0) {
            findings.error(ref, field, Reason.INVALID_VALUE, "rateLimit and burstLimit must be 0 or more");
            return null;
        }
        if (t.getRateLimit() == 0 || t.getBurstLimit() == 0) {
            findings.warning(ref, field, Reason.NO_EFFECT, "a zero rate or burst refuses every request with 429");
        }
        return new ThrottleConfig(t.getRateLimit(), t.getBurstLimit());
    }

    /** Method (and HTTP API route) cache key parameters of one RestApi by "METHOD /path". */
    private Map<String, List<String>> cacheKeyParameters(String apiName) {
        Map<String, List<String>> out = new HashMap<>();
        RestApi api = snapshot.restApis().stream()
                .filter(a -> a.getMetadata().getName().equals(apiName))
                .findFirst()
                .orElse(null);
        if (api == null || api.getSpec() == null) {
            return out;
        }
        for (Resource r : Compiler.orEmpty(api.getSpec().getResources())) {
            Syntax.Result<Syntax.ResourcePath> path = Syntax.resourcePath(r.getPath());
            if (!path.isOk()) {
                continue;
            }
            for (Method m : Compiler.orEmpty(r.getMethods())) {
                if (m.getHttpMethod() != null) {
                    out.put(m.getHttpMethod().name() + " " + path.value().path(), keys(m.getIntegration()));
                }
            }
        }
        for (Route route : Compiler.orEmpty(api.getSpec().getRoutes())) {
            String key = route.getRouteKey() == null ? "" : route.getRouteKey().trim();
            if (key.equals("$default")) {
                out.put("ANY /{proxy+}", keys(route.getIntegration()));
            } else {
                out.put(key, keys(route.getIntegration()));
            }
        }
        return out;
    }

    private List<String> keys(MethodIntegration mi) {
        if (mi == null) {
            return List.of();
        }
        if (mi.getCacheKeyParameters() != null && !mi.getCacheKeyParameters().isEmpty()) {
            return mi.getCacheKeyParameters();
        }
        for (Integration i : snapshot.integrations()) {
            if (i.getMetadata().getName().equals(mi.getIntegrationRef()) && i.getSpec() != null) {
                return Compiler.orEmpty(i.getSpec().getCacheKeyParameters());
            }
        }
        return List.of();
    }

    private static List<CacheKeyParameter> parseCacheKeys(List<String> in) {
        SortedMap<String, CacheKeyParameter> out = new TreeMap<>();
        for (String s : in) {
            Matcher m = CACHE_KEY.matcher(s);
            if (m.matches()) {
                ParameterSource.Location location =
                        ParameterSource.Location.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                String name = location == ParameterSource.Location.HEADER
                                || location == ParameterSource.Location.MULTIVALUEHEADER
                        ? m.group(2).toLowerCase(Locale.ROOT)
                        : m.group(2);
                out.put(location.ordinal() + ":" + name, new CacheKeyParameter(location, name));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * Checks cache key parameters where they are written (a method's or an Integration's): each must
     * be {@code method.request.LOCATION.NAME}.
     */
    static void checkCacheKeys(Findings findings, ResourceRef ref, String field, List<String> keys) {
        List<String> list = Compiler.orEmpty(keys);
        for (int i = 0; i < list.size(); i++) {
            if (!CACHE_KEY.matcher(list.get(i)).matches()) {
                findings.error(
                        ref,
                        field + "[" + i + "]",
                        Reason.INVALID_VALUE,
                        list.get(i) + " is not method.request.{path,querystring,header,multivaluequerystring,"
                                + "multivalueheader}.NAME");
            }
        }
    }

    private List<PlanDraft> plans(SortedMap<String, SortedMap<String, StageConfig>> stages) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        snapshot.apiKeys().forEach(k -> keys.add(k.getMetadata().getName()));
        List<PlanDraft> out = new ArrayList<>();
        Map<String, String> keyStages = new HashMap<>();
        for (UsagePlan plan : Compiler.byName(snapshot.usagePlans())) {
            ResourceRef ref = Compiler.ref(plan);
            if (plan.getSpec() == null) {
                findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
                continue;
            }
            int mark = findings.mark();
            ThrottleConfig throttle =
                    throttle(ref, "spec.throttle", plan.getSpec().getThrottle());
            QuotaConfig quota = quota(ref, plan.getSpec().getQuota());
            Map<String, SortedMap<String, ThrottleConfig>> methodThrottles = new HashMap<>();
            List<UsagePlanApiStage> apiStages = Compiler.orEmpty(plan.getSpec().getApiStages());
            for (int i = 0; i < apiStages.size(); i++) {
                UsagePlanApiStage s = apiStages.get(i);
                String f = "spec.apiStages[" + i + "]";
                boolean stageExists = snapshot.stages().stream()
                        .anyMatch(st -> st.getSpec() != null
                                && Objects.equals(st.getSpec().getRestApiRef(), s.getRestApiRef())
                                && StageCompiler.stageName(st).equals(s.getStage()));
                if (snapshot.restApis().stream()
                        .noneMatch(a -> a.getMetadata().getName().equals(s.getRestApiRef()))) {
                    findings.error(
                            ref, f + ".restApiRef", Reason.MISSING_REFERENCE, "no RestApi named " + s.getRestApiRef());
                    continue;
                } else if (!stageExists) {
                    findings.error(
                            ref,
                            f + ".stage",
                            Reason.MISSING_REFERENCE,
                            "RestApi " + s.getRestApiRef() + " has no Stage named " + s.getStage());
                    continue;
                }
                String stageId = s.getRestApiRef() + "/" + s.getStage();
                if (methodThrottles.containsKey(stageId)) {
                    findings.error(ref, f, Reason.DUPLICATE, "the plan already covers " + stageId);
                    continue;
                }
                StageConfig compiled =
                        stages.getOrDefault(s.getRestApiRef(), new TreeMap<>()).get(s.getStage());
                SortedMap<String, ThrottleConfig> methods = new TreeMap<>();
                for (Map.Entry<String, Throttle> e :
                        Compiler.sorted(s.getThrottle()).entrySet()) {
                    String tf = f + ".throttle[" + e.getKey() + "]";
                    Matcher m = PLAN_THROTTLE_KEY.matcher(e.getKey());
                    if (!m.matches()) {
                        findings.error(ref, tf, Reason.INVALID_VALUE, e.getKey() + " is not /path/METHOD");
                        continue;
                    }
                    String path = m.group(1).isEmpty() ? "/" : m.group(1);
                    if (compiled != null
                            && compiled.routes().stream()
                                    .noneMatch(r -> r.resourcePath().equals(path)
                                            && (m.group(2).equals("*")
                                                    || r.httpMethod().equals(m.group(2))))) {
                        findings.warning(
                                ref, tf, Reason.NO_EFFECT, "stage " + stageId + " serves no method " + e.getKey());
                    }
                    ThrottleConfig t = throttle(ref, tf, e.getValue());
                    if (t != null) {
                        methods.put(e.getKey(), t);
                    }
                }
                methodThrottles.put(stageId, methods);
            }
            List<String> planKeys = Compiler.orEmpty(plan.getSpec().getApiKeys());
            for (int i = 0; i < planKeys.size(); i++) {
                if (!keys.contains(planKeys.get(i))) {
                    findings.error(
                            ref,
                            "spec.apiKeys[" + i + "]",
                            Reason.MISSING_REFERENCE,
                            "no ApiKey named " + planKeys.get(i));
                    continue;
                }
                for (String stageId : new TreeMap<>(methodThrottles).keySet()) {
                    String other = keyStages.putIfAbsent(
                            planKeys.get(i) + " " + stageId, plan.getMetadata().getName());
                    if (other != null) {
                        // AWS refuses a key in two plans of one stage; the first plan by name applies.
                        findings.warning(
                                ref,
                                "spec.apiKeys[" + i + "]",
                                Reason.CONFLICT,
                                "ApiKey " + planKeys.get(i) + " is also in UsagePlan " + other + " for " + stageId
                                        + "; " + other + " applies there");
                    }
                }
            }
            if (findings.errorsSince(mark)) {
                continue;
            }
            out.add(new PlanDraft(plan.getMetadata().getName(), throttle, quota, methodThrottles));
        }
        return out;
    }

    private QuotaConfig quota(ResourceRef ref, Quota q) {
        if (q == null) {
            return null;
        }
        if (q.getLimit() == null || q.getPeriod() == null || q.getLimit() < 0) {
            findings.error(ref, "spec.quota", Reason.INVALID_VALUE, "limit (0 or more) and period are required");
            return null;
        }
        QuotaPeriod period = QuotaPeriod.valueOf(q.getPeriod().name());
        int offset = Objects.requireNonNullElse(q.getOffset(), 0);
        int max =
                switch (period) {
                    case DAY -> 23;
                    case WEEK -> 6;
                    case MONTH -> 27;
                };
        if (offset < 0 || offset > max) {
            findings.error(
                    ref,
                    "spec.quota.offset",
                    Reason.INVALID_VALUE,
                    "offset of a " + period + " quota is within 0.." + max
                            + (period == QuotaPeriod.DAY ? " hours" : " days"));
            return null;
        }
        return new QuotaConfig(q.getLimit(), period, offset);
    }

    /** The API keys, hashed; keys whose value is missing or invalid are left out with a finding. */
    List<ApiKeyConfig> apiKeys(List<PlanResult> plans) {
        Map<String, List<String>> plansByKey = new HashMap<>();
        java.util.Set<String> valid = new java.util.HashSet<>();
        plans.forEach(p -> valid.add(p.name()));
        for (UsagePlan plan : Compiler.byName(snapshot.usagePlans())) {
            if (plan.getSpec() != null && valid.contains(plan.getMetadata().getName())) {
                for (String key : Compiler.orEmpty(plan.getSpec().getApiKeys())) {
                    plansByKey
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(plan.getMetadata().getName());
                }
            }
        }
        List<ApiKeyConfig> out = new ArrayList<>();
        Map<String, String> byHash = new HashMap<>();
        for (ApiKey key : Compiler.byName(snapshot.apiKeys())) {
            ResourceRef ref = Compiler.ref(key);
            ApiKeySpec spec = key.getSpec();
            if (spec == null || (spec.getValueFrom() == null) == (spec.getGenerateSecret() == null)) {
                findings.error(
                        ref, "spec", Reason.INVALID_VALUE, "exactly one of valueFrom or generateSecret must be set");
                continue;
            }
            byte[] value = null;
            if (spec.getValueFrom() != null) {
                var secretRef = spec.getValueFrom().getSecretKeyRef();
                if (secretRef == null || secretRef.getName() == null) {
                    findings.error(
                            ref, "spec.valueFrom.secretKeyRef", Reason.INVALID_VALUE, "name and key are required");
                    continue;
                }
                SecretInfo secret = secret(secretRef.getName());
                if (secret == null) {
                    findings.error(
                            ref,
                            "spec.valueFrom.secretKeyRef.name",
                            Reason.MISSING_REFERENCE,
                            "no Secret named " + secretRef.getName());
                    continue;
                } else if (secretRef.getKey() == null || !secret.hasKey(secretRef.getKey())) {
                    findings.error(
                            ref,
                            "spec.valueFrom.secretKeyRef.key",
                            Reason.MISSING_REFERENCE,
                            "Secret " + secretRef.getName() + " has no key " + secretRef.getKey());
                    continue;
                }
                value = secret.data().get(secretRef.getKey());
            } else {
                String name = spec.getGenerateSecret().getName();
                SecretInfo secret = name == null ? null : secret(name);
                if (secret == null || !secret.hasKey(GENERATED_SECRET_KEY)) {
                    findings.warning(
                            ref,
                            "spec.generateSecret",
                            Reason.NOT_SERVED,
                            "Secret " + name + " with key " + GENERATED_SECRET_KEY
                                    + " does not exist yet (the operator generates it); the key is not served yet");
                    continue;
                }
                value = secret.data().get(GENERATED_SECRET_KEY);
            }
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.length() < MIN_KEY_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // Never echo the value: name the Secret only.
                findings.error(
                        ref,
                        spec.getValueFrom() != null ? "spec.valueFrom.secretKeyRef" : "spec.generateSecret",
                        Reason.INVALID_VALUE,
                        "the key value must be at least " + MIN_KEY_LENGTH
                                + " printable ASCII characters without spaces (a trailing newline counts)");
                continue;
            }
            String hash = sha256(value);
            String name = key.getMetadata().getName();
            String other = byHash.putIfAbsent(hash, name);
            if (other != null) {
                findings.error(ref, "", Reason.DUPLICATE, "ApiKey " + other + " has the same value");
                continue;
            }
            List<String> keyPlans = new ArrayList<>(plansByKey.getOrDefault(name, List.of()));
            keyPlans.sort(Comparator.naturalOrder());
            out.add(new ApiKeyConfig(name, hash, spec.getEnabled() == null || spec.getEnabled(), keyPlans));
        }
        return out;
    }

    private SecretInfo secret(String name) {
        return snapshot.secrets().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Lower-case hex SHA-256, the form keys are held in by the IR and the data plane. */
    static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The Redis of the namespace's Gateway, or null. */
    RedisConfig redis(Gateway gateway) {
        if (gateway == null || gateway.getSpec() == null || gateway.getSpec().getRedis() == null) {
            return null;
        }
        ResourceRef ref = Compiler.ref(gateway);
        RedisSettings redis = gateway.getSpec().getRedis();
        String url = redis.getUrl();
        if (url == null) {
            findings.error(ref, "spec.redis.url", Reason.INVALID_VALUE, "a redis:// or rediss:// URL is required");
            return null;
        }
        Matcher m = REDIS_URL.matcher(url);
        if (!m.matches()) {
            findings.error(
                    ref, "spec.redis.url", Reason.INVALID_VALUE, "not a URL of the form redis[s]://host[:port][/db]");
            return null;
        }
        if (m.group(2) != null) {
            // The IR is published in a ConfigMap: credentials never go in it.
            findings.error(
                    ref,
                    "spec.redis.url",
                    Reason.INVALID_VALUE,
                    "the URL holds credentials; put the password in spec.redis.passwordSecretRef");
            return null;
        }
        if (redis.getPasswordSecretRef() != null) {
            findings.notSupportedYet(ref, "spec.redis.passwordSecretRef", "Redis passwords");
        }
        return new RedisConfig(url, redis.getFailureMode() != FailureMode.FAIL_CLOSED);
    }
}
