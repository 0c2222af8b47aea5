package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.compiler.deployment.StageReleases;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.AccessLog;
import dev.tollgate.crds.v1alpha1.CachingSettings;
import dev.tollgate.crds.v1alpha1.Canary;
import dev.tollgate.crds.v1alpha1.DeploymentMode;
import dev.tollgate.crds.v1alpha1.LoggingLevel;
import dev.tollgate.crds.v1alpha1.MethodSetting;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageCache;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.crds.v1alpha1.Throttle;
import dev.tollgate.crds.v1alpha1.UnauthorizedCacheControlHeaderStrategy;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stages of a REST API. A stage serves the deployment it is pinned to ({@code deploymentId}), with
 * an optional canary ({@code canarySettings}); create-stage with a deploymentId that names no
 * deployment of the API makes a stage that follows its RestApi live (auto-deploy), a Tollgate
 * convenience where AWS answers NotFoundException.
 */
public final class Stages {
    private final Function<Call, Scope> scopes;

    public Stages(Function<Call, Scope> scopes) {
        this.scopes = scopes;
    }

    /** A stage's name: {@code spec.stageName}, else its metadata.name, as the compiler reads it. */
    public static String stageName(Stage s) {
        return s.getSpec().getStageName() != null
                ? s.getSpec().getStageName()
                : s.getMetadata().getName();
    }

    /** The stages of an API. */
    public static List<Stage> of(Scope scope, String apiId) {
        return scope.list(Stage.class).stream()
                .filter(s -> s.getSpec() != null && apiId.equals(s.getSpec().getRestApiRef()))
                .sorted((a, b) -> stageName(a).compareTo(stageName(b)))
                .toList();
    }

    /** The stage of an API by stage name, or NotFoundException. */
    static Stage find(Scope scope, String apiId, String stageName) {
        return of(scope, apiId).stream()
                .filter(s -> stageName(s).equals(stageName))
                .findFirst()
                .orElseThrow(() -> AwsException.notFound("Invalid Stage identifier specified"));
    }

    /** {@code /pets} → {@code ~1pets}, as AWS keys method settings. */
    static String settingKey(MethodSetting m) {
        String path = m.getResourcePath().equals("*")
                ? "*"
                : m.getResourcePath().replace("~", "~0").replace("/", "~1");
        return path + "/" + m.getHttpMethod();
    }

    static ObjectNode shape(Stage stage) {
        StageSpec spec = stage.getSpec();
        ObjectNode out = Json.object();
        out.put("stageName", stageName(stage));
        Json.put(out, "description", spec.getDescription());
        StageCache cache = spec.getCache();
        boolean cacheOn = cache != null && Boolean.TRUE.equals(cache.getEnabled());
        out.put("cacheClusterEnabled", cacheOn);
        if (cache != null && cache.getSize() != null) {
            out.put("cacheClusterSize", cache.getSize());
        }
        out.put("cacheClusterStatus", cacheOn ? "AVAILABLE" : "NOT_AVAILABLE");
        ObjectNode settings = out.putObject("methodSettings");
        if (spec.getMethodSettings() != null) {
            for (MethodSetting m : spec.getMethodSettings()) {
                ObjectNode s = settings.putObject(settingKey(m));
                s.put("metricsEnabled", Boolean.TRUE.equals(m.getMetricsEnabled()));
                s.put(
                        "loggingLevel",
                        m.getLoggingLevel() == null
                                ? "OFF"
                                : m.getLoggingLevel().name());
                s.put("dataTraceEnabled", false);
                Throttle t = m.getThrottling();
                s.put("throttlingBurstLimit", t == null || t.getBurstLimit() == null ? 5000 : t.getBurstLimit());
                s.put("throttlingRateLimit", t == null || t.getRateLimit() == null ? 10000.0 : t.getRateLimit());
                CachingSettings c = m.getCaching();
                s.put("cachingEnabled", c != null && Boolean.TRUE.equals(c.getEnabled()));
                s.put("cacheTtlInSeconds", c == null || c.getTtlInSeconds() == null ? 300 : c.getTtlInSeconds());
                s.put("cacheDataEncrypted", c != null && Boolean.TRUE.equals(c.getDataEncrypted()));
                s.put(
                        "requireAuthorizationForCacheControl",
                        c == null || !Boolean.FALSE.equals(c.getRequireAuthorizationForCacheControl()));
                s.put(
                        "unauthorizedCacheControlHeaderStrategy",
                        c == null || c.getUnauthorizedCacheControlHeaderStrategy() == null
                                ? "SUCCEED_WITH_RESPONSE_HEADER"
                                : c.getUnauthorizedCacheControlHeaderStrategy().name());
            }
        }
        Json.put(out, "variables", spec.getVariables());
        Json.put(out, "deploymentId", DeploymentHistory.pinnedTo(stage));
        Canary canary = spec.getCanary();
        if (canary != null && canary.getDeploymentRef() != null) {
            ObjectNode c = out.putObject("canarySettings");
            c.put("deploymentId", canary.getDeploymentRef());
            c.put("percentTraffic", canary.getPercentTraffic() == null ? 0.0 : canary.getPercentTraffic());
            Json.put(c, "stageVariableOverrides", canary.getStageVariableOverrides());
            c.put("useStageCache", Boolean.TRUE.equals(canary.getUseStageCache()));
        }
        out.put("tracingEnabled", Boolean.TRUE.equals(spec.getTracingEnabled()));
        if (spec.getAccessLog() != null) {
            ObjectNode log = out.putObject("accessLogSettings");
            Json.put(log, "format", spec.getAccessLog().getFormat());
            Json.put(log, "destinationArn", spec.getAccessLog().getDestination());
        }
        Json.put(out, "createdDate", Json.created(stage));
        Json.put(out, "lastUpdatedDate", Json.created(stage));
        return out;
    }

    private static String resourceName(String apiId, String stageName) {
        String name = (apiId + "-" + stageName).toLowerCase(Locale.ROOT).replace('_', '-');
        return Ids.isName(name) ? name : "stage-" + Ids.stable(apiId, stageName);
    }

    /**
     * A new Stage of the API from a create request's fields ({@code descriptionField} names the
     * stage's description: {@code description} in create-stage, {@code stageDescription} in
     * create-deployment).
     */
    static Stage newStage(String apiId, String stageName, JsonNode body, String descriptionField) {
        if (!stageName.matches("[A-Za-z0-9_-]+") || stageName.length() > 128) {
            throw AwsException.badRequest("Stage name only allows a-zA-Z0-9_-");
        }
        StageSpec spec = new StageSpec();
        spec.setRestApiRef(apiId);
        spec.setStageName(stageName);
        spec.setDescription(Json.text(body, descriptionField));
        spec.setVariables(Json.strings(body, "variables"));
        Boolean cacheEnabled = Json.bool(body, "cacheClusterEnabled");
        String cacheSize = Json.text(body, "cacheClusterSize");
        if (Boolean.TRUE.equals(cacheEnabled) || cacheSize != null) {
            StageCache cache = new StageCache();
            cache.setEnabled(cacheEnabled);
            cache.setSize(cacheSize);
            spec.setCache(cache);
        }
        if (Boolean.TRUE.equals(Json.bool(body, "tracingEnabled"))) {
            spec.setTracingEnabled(true);
        }
        Stage stage = new Stage();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(resourceName(apiId, stageName));
        meta.setLabels(new TreeMap<>(Map.of(ApiView.API_LABEL, apiId)));
        stage.setMetadata(meta);
        stage.setSpec(spec);
        return stage;
    }

    public Reply create(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        String apiId = api.getMetadata().getName();
        JsonNode body = call.json();
        String stageName = Json.required(body, "stageName");
        String deploymentId = Json.required(body, "deploymentId");
        if (of(scope, apiId).stream().anyMatch(s -> stageName(s).equals(stageName))) {
            throw AwsException.conflict("Stage already exists");
        }
        Stage stage = newStage(apiId, stageName, body, "description");
        if (Deployments.of(scope, apiId).stream()
                .anyMatch(d -> d.getMetadata().getName().equals(deploymentId))) {
            stage = StageReleases.pinned(stage, deploymentId, null);
        }
        JsonNode canary = body.get("canarySettings");
        if (canary != null && !canary.isNull()) {
            // Its deploymentId must name a deployment of the API.
            String canaryDeployment = Json.required(canary, "deploymentId");
            Deployments.find(scope, apiId, canaryDeployment);
            stage.getSpec().setCanary(canary(canary, canaryDeployment));
        }
        scope.apply(new Scope.Change.Create(stage));
        return Reply.created(shape(stage));
    }

    /** A canary of {@code deployment} from AWS's canarySettings (its deploymentId aside). */
    static Canary canary(JsonNode settings, String deployment) {
        Canary canary = new Canary();
        canary.setDeploymentRef(deployment);
        Double percent = Json.number(settings, "percentTraffic");
        canary.setPercentTraffic(percent(percent == null ? 0.0 : percent));
        Map<String, String> overrides = Json.strings(settings, "stageVariableOverrides");
        canary.setStageVariableOverrides(overrides == null ? null : new TreeMap<>(overrides));
        canary.setUseStageCache(Json.bool(settings, "useStageCache"));
        return canary;
    }

    private static double percent(double value) {
        if (!(value >= 0 && value <= 100)) {
            throw AwsException.badRequest("percentTraffic must be within 0..100");
        }
        return value;
    }

    public Reply get(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        return Reply.ok(shape(find(scope, api.getMetadata().getName(), call.param("stage_name"))));
    }

    public Reply list(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        ObjectNode out = Json.object();
        var items = out.putArray("item");
        of(scope, api.getMetadata().getName()).forEach(s -> items.add(shape(s)));
        return Reply.ok(out);
    }

    public Reply delete(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        Stage stage = find(scope, api.getMetadata().getName(), call.param("stage_name"));
        scope.apply(new Scope.Change.Delete(Stage.class, stage.getMetadata().getName()));
        return Reply.empty(202);
    }

    /**
     * flush-stage-cache and flush-stage-authorizers-cache: the data plane has no flush endpoint
     * yet, so this answers as AWS does (202) and changes nothing; cached entries expire with their
     * TTL (documented in docs/aws-cli.md).
     */
    public Reply flush(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        find(scope, api.getMetadata().getName(), call.param("stage_name"));
        return Reply.empty(202);
    }

    public Reply update(Call call) {
        Scope scope = scopes.apply(call);
        RestApi api = RestApis.rest(scope, call.param("restapi_id"));
        Stage stage = find(scope, api.getMetadata().getName(), call.param("stage_name"));
        StageSpec spec = stage.getSpec();
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "description" -> spec.setDescription(remove ? null : p.required());
                case "variables" -> spec.setVariables(p.applyTo(spec.getVariables()));
                case "cacheClusterEnabled" -> cache(spec).setEnabled(p.bool());
                case "cacheClusterSize" -> cache(spec).setSize(p.required());
                case "tracingEnabled" -> spec.setTracingEnabled(p.bool() ? true : null);
                case "accessLogSettings" -> {
                    if (remove && s.size() == 1) {
                        spec.setAccessLog(null);
                    } else {
                        AccessLog log = spec.getAccessLog() == null ? new AccessLog() : spec.getAccessLog();
                        switch (s.size() > 1 ? s.get(1) : "") {
                            case "format" -> log.setFormat(remove ? null : p.required());
                            case "destinationArn" -> log.setDestination(remove ? null : p.required());
                            default -> throw p.unsupported();
                        }
                        spec.setAccessLog(log.getFormat() == null && log.getDestination() == null ? null : log);
                    }
                }
                case "deploymentId" -> {
                    if (remove) {
                        throw p.unsupported();
                    }
                    Deployments.find(scope, api.getMetadata().getName(), p.required());
                    spec.setDeployment(StageReleases.pinned(stage, p.required(), null)
                            .getSpec()
                            .getDeployment());
                }
                case "canarySettings" -> canarySetting(scope, api.getMetadata().getName(), spec, p, s);
                default -> methodSetting(spec, p, s);
            }
        }
        scope.apply(new Scope.Change.Update(stage));
        return Reply.ok(shape(stage));
    }

    // /canarySettings (remove), /canarySettings/{percentTraffic|deploymentId|useStageCache},
    // /canarySettings/stageVariableOverrides/NAME.
    private static void canarySetting(Scope scope, String apiId, StageSpec spec, Patch p, List<String> s) {
        boolean remove = p.op().equals("remove");
        if (s.size() == 1) {
            if (!remove) {
                throw p.unsupported();
            }
            spec.setCanary(null);
            return;
        }
        Canary canary = spec.getCanary() == null ? new Canary() : spec.getCanary();
        switch (s.get(1)) {
            case "percentTraffic" -> canary.setPercentTraffic(percent(p.number()));
            case "deploymentId" -> {
                Deployments.find(scope, apiId, p.required());
                canary.setDeploymentRef(p.required());
            }
            case "useStageCache" -> canary.setUseStageCache(p.bool());
            case "stageVariableOverrides" -> {
                if (s.size() != 3) {
                    throw p.unsupported();
                }
                Map<String, String> overrides = new TreeMap<>(Json.mutable(canary.getStageVariableOverrides()));
                if (remove) {
                    overrides.remove(s.get(2));
                } else {
                    overrides.put(s.get(2), p.required());
                }
                canary.setStageVariableOverrides(overrides.isEmpty() ? null : overrides);
            }
            default -> throw p.unsupported();
        }
        if (canary.getDeploymentRef() == null
                && spec.getDeployment() != null
                && spec.getDeployment().getMode() == DeploymentMode.Pinned) {
            // AWS makes a canary of the stage's own deployment when none is named.
            canary.setDeploymentRef(spec.getDeployment().getDeploymentRef());
        }
        if (canary.getDeploymentRef() == null) {
            throw AwsException.badRequest("a canary needs a deployment: set /canarySettings/deploymentId");
        }
        spec.setCanary(canary);
    }

    private static StageCache cache(StageSpec spec) {
        if (spec.getCache() == null) {
            spec.setCache(new StageCache());
        }
        return spec.getCache();
    }

    // /{resource path, ~1 for /}/{method}/{throttling|caching|logging|metrics}/{setting}, or * / * for all.
    private static void methodSetting(StageSpec spec, Patch p, List<String> s) {
        if (s.size() < 2) {
            throw p.unsupported();
        }
        String path = s.get(0);
        String method = s.get(1).toUpperCase(Locale.ROOT);
        if (!path.equals("*") && !path.startsWith("/")) {
            throw p.unsupported();
        }
        List<MethodSetting> settings =
                new ArrayList<>(spec.getMethodSettings() == null ? List.of() : spec.getMethodSettings());
        MethodSetting setting = settings.stream()
                .filter(m ->
                        m.getResourcePath().equals(path) && m.getHttpMethod().equals(method))
                .findFirst()
                .orElse(null);
        if (s.size() == 2 && p.op().equals("remove")) {
            settings.remove(setting);
            spec.setMethodSettings(settings.isEmpty() ? null : settings);
            return;
        }
        if (s.size() != 4) {
            throw p.unsupported();
        }
        if (setting == null) {
            setting = new MethodSetting();
            setting.setResourcePath(path);
            setting.setHttpMethod(method);
            settings.add(setting);
        }
        String group = s.get(2);
        String name = s.get(3);
        switch (group + "/" + name) {
            case "throttling/rateLimit" -> throttle(setting).setRateLimit(p.number());
            case "throttling/burstLimit" -> throttle(setting).setBurstLimit(p.integer());
            case "caching/enabled" -> caching(setting).setEnabled(p.bool());
            case "caching/ttlInSeconds" -> caching(setting).setTtlInSeconds(p.integer());
            case "caching/dataEncrypted" -> caching(setting).setDataEncrypted(p.bool());
            case "caching/requireAuthorizationForCacheControl" ->
                caching(setting).setRequireAuthorizationForCacheControl(p.bool());
            case "caching/unauthorizedCacheControlHeaderStrategy" ->
                caching(setting)
                        .setUnauthorizedCacheControlHeaderStrategy(RestApis.enumValue(
                                UnauthorizedCacheControlHeaderStrategy.class,
                                p.required(),
                                "unauthorizedCacheControlHeaderStrategy"));
            case "logging/loglevel" ->
                setting.setLoggingLevel(RestApis.enumValue(LoggingLevel.class, p.required(), "loglevel"));
            case "metrics/enabled" -> setting.setMetricsEnabled(p.bool());
            default -> throw p.unsupported();
        }
        spec.setMethodSettings(settings);
    }

    private static Throttle throttle(MethodSetting m) {
        if (m.getThrottling() == null) {
            m.setThrottling(new Throttle());
        }
        return m.getThrottling();
    }

    private static CachingSettings caching(MethodSetting m) {
        if (m.getCaching() == null) {
            m.setCaching(new CachingSettings());
        }
        return m.getCaching();
    }
}
