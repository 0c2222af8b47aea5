package dev.tollgate.controlapi.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.controlapi.http.AwsException;
import dev.tollgate.controlapi.http.Call;
import dev.tollgate.controlapi.http.Reply;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.ApiKeySpec;
import dev.tollgate.crds.v1alpha1.ApiKeyValueFrom;
import dev.tollgate.crds.v1alpha1.Quota;
import dev.tollgate.crds.v1alpha1.QuotaPeriod;
import dev.tollgate.crds.v1alpha1.SecretKeyRef;
import dev.tollgate.crds.v1alpha1.Throttle;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.crds.v1alpha1.UsagePlanApiStage;
import dev.tollgate.crds.v1alpha1.UsagePlanSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Usage plans (with API stages, throttles and quotas), usage plan keys, API keys and usage. An
 * API key's value lives in a Secret ({@code ID-value}, key {@code value}): in local mode a Secret
 * document in the folder, as the samples keep them; it is shown only with includeValue(s) and
 * only to a caller allowed to read that Secret.
 */
public final class Plans {
    private final Function<Call, Scope> scopes;
    private final UsageSource usage;

    public Plans(Function<Call, Scope> scopes, UsageSource usage) {
        this.scopes = scopes;
        this.usage = usage;
    }

    static String displayName(HasMetadata r) {
        Map<String, String> a = r.getMetadata().getAnnotations();
        return a != null && a.containsKey(ApiView.NAME)
                ? a.get(ApiView.NAME)
                : r.getMetadata().getName();
    }

    // ---- usage plans ----

    static ObjectNode throttleShape(Throttle t) {
        ObjectNode out = Json.object();
        Json.put(out, "burstLimit", t.getBurstLimit());
        Json.put(out, "rateLimit", t.getRateLimit());
        return out;
    }

    static ObjectNode planShape(UsagePlan plan) {
        UsagePlanSpec spec = plan.getSpec();
        ObjectNode out = Json.object();
        out.put("id", plan.getMetadata().getName());
        out.put("name", displayName(plan));
        Json.put(out, "description", spec.getDescription());
        ArrayNode stages = out.putArray("apiStages");
        if (spec.getApiStages() != null) {
            for (UsagePlanApiStage s : spec.getApiStages()) {
                ObjectNode stage = stages.addObject();
                stage.put("apiId", s.getRestApiRef());
                stage.put("stage", s.getStage());
                if (s.getThrottle() != null && !s.getThrottle().isEmpty()) {
                    ObjectNode t = stage.putObject("throttle");
                    s.getThrottle().forEach((k, v) -> t.set(k, throttleShape(v)));
                }
            }
        }
        if (spec.getThrottle() != null) {
            out.set("throttle", throttleShape(spec.getThrottle()));
        }
        if (spec.getQuota() != null) {
            ObjectNode q = out.putObject("quota");
            q.put("limit", spec.getQuota().getLimit());
            q.put(
                    "offset",
                    spec.getQuota().getOffset() == null ? 0 : spec.getQuota().getOffset());
            q.put("period", spec.getQuota().getPeriod().name());
        }
        return out;
    }

    private static Throttle throttle(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Throttle t = new Throttle();
        t.setBurstLimit(Json.integer(node, "burstLimit"));
        t.setRateLimit(Json.number(node, "rateLimit"));
        return t;
    }

    private static UsagePlanApiStage apiStage(JsonNode node) {
        UsagePlanApiStage s = new UsagePlanApiStage();
        s.setRestApiRef(Json.required(node, "apiId"));
        s.setStage(Json.required(node, "stage"));
        JsonNode throttle = node.get("throttle");
        if (throttle != null && throttle.isObject() && throttle.size() > 0) {
            Map<String, Throttle> map = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = throttle.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), throttle(e.getValue()));
            }
            s.setThrottle(map);
        }
        return s;
    }

    public Reply createPlan(Call call) {
        Scope scope = scopes.apply(call);
        JsonNode body = call.json();
        String name = Json.required(body, "name");
        UsagePlanSpec spec = new UsagePlanSpec();
        spec.setDescription(Json.text(body, "description"));
        List<UsagePlanApiStage> stages = new ArrayList<>();
        body.path("apiStages").forEach(s -> stages.add(apiStage(s)));
        spec.setApiStages(stages.isEmpty() ? null : stages);
        spec.setThrottle(throttle(body.get("throttle")));
        JsonNode q = body.get("quota");
        if (q != null && !q.isNull()) {
            spec.setQuota(quota(q));
        }
        UsagePlan plan = new UsagePlan();
        plan.setMetadata(RestApis.meta(RestApis.newId(scope, Json.strings(body, "tags"), UsagePlan.class), name));
        plan.setSpec(spec);
        scope.apply(new Scope.Change.Create(plan));
        return Reply.created(planShape(plan));
    }

    private static Quota quota(JsonNode q) {
        Quota quota = new Quota();
        Integer limit = Json.integer(q, "limit");
        if (limit == null) {
            throw AwsException.badRequest("Invalid quota: limit is required");
        }
        quota.setLimit(limit);
        quota.setPeriod(RestApis.enumValue(QuotaPeriod.class, Json.required(q, "period"), "quota period"));
        Integer offset = Json.integer(q, "offset");
        quota.setOffset(offset == null || offset == 0 ? null : offset);
        return quota;
    }

    private static UsagePlan plan(Scope scope, String id) {
        return scope.require(UsagePlan.class, id, "Invalid Usage Plan ID specified");
    }

    public Reply getPlan(Call call) {
        return Reply.ok(planShape(plan(scopes.apply(call), call.param("usageplanId"))));
    }

    public Reply getPlans(Call call) {
        Scope scope = scopes.apply(call);
        String keyId = call.query("keyId");
        List<ObjectNode> items = scope.list(UsagePlan.class).stream()
                .filter(p -> keyId == null
                        || (p.getSpec().getApiKeys() != null
                                && p.getSpec().getApiKeys().contains(keyId)))
                .map(Plans::planShape)
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updatePlan(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        UsagePlanSpec spec = plan.getSpec();
        for (Patch p : Patch.of(call.json())) {
            List<String> s = p.segments();
            boolean remove = p.op().equals("remove");
            switch (s.get(0)) {
                case "name" -> ApiView.setDisplayName(plan, p.required());
                case "description" -> spec.setDescription(remove ? null : p.required());
                case "throttle" -> {
                    if (remove && s.size() == 1) {
                        spec.setThrottle(null);
                    } else {
                        Throttle t = spec.getThrottle() == null ? new Throttle() : spec.getThrottle();
                        switch (s.size() > 1 ? s.get(1) : "") {
                            case "rateLimit" -> t.setRateLimit(remove ? null : p.number());
                            case "burstLimit" -> t.setBurstLimit(remove ? null : p.integer());
                            default -> throw p.unsupported();
                        }
                        spec.setThrottle(t);
                    }
                }
                case "quota" -> {
                    if (remove && s.size() == 1) {
                        spec.setQuota(null);
                    } else {
                        Quota q = spec.getQuota();
                        if (q == null) {
                            q = new Quota();
                            q.setPeriod(QuotaPeriod.DAY);
                            q.setLimit(0);
                        }
                        switch (s.size() > 1 ? s.get(1) : "") {
                            case "limit" -> q.setLimit(p.integer());
                            case "period" -> q.setPeriod(RestApis.enumValue(QuotaPeriod.class, p.required(), "period"));
                            case "offset" -> q.setOffset(p.integer() == 0 ? null : p.integer());
                            default -> throw p.unsupported();
                        }
                        spec.setQuota(q);
                    }
                }
                case "apiStages" -> {
                    if (s.size() != 1 || p.value() == null || !p.value().contains(":")) {
                        throw p.unsupported();
                    }
                    String[] parts = p.value().split(":", 2);
                    List<UsagePlanApiStage> stages =
                            new ArrayList<>(spec.getApiStages() == null ? List.of() : spec.getApiStages());
                    stages.removeIf(x ->
                            x.getRestApiRef().equals(parts[0]) && x.getStage().equals(parts[1]));
                    if (p.op().equals("add")) {
                        UsagePlanApiStage stage = new UsagePlanApiStage();
                        stage.setRestApiRef(parts[0]);
                        stage.setStage(parts[1]);
                        stages.add(stage);
                    } else if (!remove) {
                        throw p.unsupported();
                    }
                    spec.setApiStages(stages.isEmpty() ? null : stages);
                }
                default -> throw p.unsupported();
            }
        }
        scope.apply(new Scope.Change.Update(plan));
        return Reply.ok(planShape(plan));
    }

    public Reply deletePlan(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        scope.apply(new Scope.Change.Delete(UsagePlan.class, plan.getMetadata().getName()));
        return Reply.empty(202);
    }

    // ---- usage plan keys ----

    private ObjectNode planKeyShape(Scope scope, ApiKey key, boolean withValue) {
        ObjectNode out = Json.object();
        out.put("id", key.getMetadata().getName());
        out.put("type", "API_KEY");
        out.put("name", displayName(key));
        if (withValue) {
            value(scope, key).ifPresent(v -> out.put("value", v));
        }
        return out;
    }

    public Reply createPlanKey(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        JsonNode body = call.json();
        String keyType = Json.required(body, "keyType");
        if (!keyType.equals("API_KEY")) {
            throw AwsException.badRequest("Invalid key type specified: " + keyType + " (API_KEY)");
        }
        ApiKey key = apiKey(scope, Json.required(body, "keyId"));
        List<String> keys = new ArrayList<>(
                plan.getSpec().getApiKeys() == null ? List.of() : plan.getSpec().getApiKeys());
        if (keys.contains(key.getMetadata().getName())) {
            throw AwsException.conflict("Usage Plan " + plan.getMetadata().getName() + " cannot be added because"
                    + " API Key " + key.getMetadata().getName() + " is already in it");
        }
        keys.add(key.getMetadata().getName());
        plan.getSpec().setApiKeys(keys);
        scope.apply(new Scope.Change.Update(plan));
        return Reply.created(planKeyShape(scope, key, true));
    }

    public Reply getPlanKeys(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        List<ObjectNode> items = new ArrayList<>();
        for (String id : plan.getSpec().getApiKeys() == null
                ? List.<String>of()
                : plan.getSpec().getApiKeys()) {
            scope.find(ApiKey.class, id).ifPresent(k -> items.add(planKeyShape(scope, k, true)));
        }
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply getPlanKey(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        String keyId = call.param("keyId");
        if (plan.getSpec().getApiKeys() == null || !plan.getSpec().getApiKeys().contains(keyId)) {
            throw AwsException.notFound("Invalid Usage Plan Key ID specified");
        }
        return Reply.ok(planKeyShape(scope, apiKey(scope, keyId), true));
    }

    public Reply deletePlanKey(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        String keyId = call.param("keyId");
        if (plan.getSpec().getApiKeys() == null || !plan.getSpec().getApiKeys().remove(keyId)) {
            throw AwsException.notFound("Invalid Usage Plan Key ID specified");
        }
        if (plan.getSpec().getApiKeys().isEmpty()) {
            plan.getSpec().setApiKeys(null);
        }
        scope.apply(new Scope.Change.Update(plan));
        return Reply.empty(202);
    }

    // ---- usage ----

    public Reply getUsage(Call call) {
        Scope scope = scopes.apply(call);
        UsagePlan plan = plan(scope, call.param("usageplanId"));
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(required(call, "startDate"));
            end = LocalDate.parse(required(call, "endDate"));
        } catch (DateTimeParseException e) {
            throw AwsException.badRequest("Invalid date: startDate and endDate are yyyy-MM-dd");
        }
        if (end.isBefore(start) || start.plusDays(90).isBefore(end)) {
            throw AwsException.badRequest("The usage date range must be 0 to 90 days");
        }
        String onlyKey = call.query("keyId");
        ObjectNode out = Json.object();
        out.put("usagePlanId", plan.getMetadata().getName());
        out.put("startDate", start.toString());
        out.put("endDate", end.toString());
        ObjectNode values = out.putObject("values");
        Optional<JsonNode> report =
                usage.usage(scope.namespace(), plan.getMetadata().getName());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (report.isPresent() && report.get().path("keys").isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            report.get().path("keys").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (onlyKey != null && !onlyKey.equals(e.getKey())) {
                    continue;
                }
                long used = e.getValue().path("used").asLong(0);
                long remaining = e.getValue().path("remaining").asLong(0);
                long limit = used + remaining;
                ArrayNode days = values.putArray(e.getKey());
                // The gateway counts per quota period, not per day: today's entry carries the period's count.
                for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                    days.addArray().add(d.equals(today) ? used : 0).add(d.equals(today) ? remaining : limit);
                }
            }
        }
        return Reply.ok(out);
    }

    private static String required(Call call, String name) {
        String v = call.query(name);
        if (v == null) {
            throw AwsException.badRequest(name + " is required");
        }
        return v;
    }

    // ---- API keys ----

    static String secretName(String keyId) {
        return keyId.length() <= 57 ? keyId + "-value" : "apikey-" + Ids.stable(keyId) + "-value";
    }

    /** The value of a key, when the caller may read its Secret. */
    static Optional<String> value(Scope scope, ApiKey key) {
        ApiKeySpec spec = key.getSpec();
        if (spec == null || spec.getValueFrom() == null || spec.getValueFrom().getSecretKeyRef() == null) {
            return Optional.empty();
        }
        SecretKeyRef ref = spec.getValueFrom().getSecretKeyRef();
        if (!scope.maySee(ref.getName())) {
            return Optional.empty();
        }
        Optional<SortedMap<String, byte[]>> data = scope.secret(ref.getName());
        return data.map(d -> d.get(ref.getKey())).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    ObjectNode keyShape(Scope scope, ApiKey key, boolean withValue) {
        ApiKeySpec spec = key.getSpec();
        ObjectNode out = Json.object();
        out.put("id", key.getMetadata().getName());
        out.put("name", displayName(key));
        Json.put(out, "description", spec.getDescription());
        Json.put(out, "customerId", spec.getCustomerId());
        out.put("enabled", spec.getEnabled() == null || spec.getEnabled());
        Json.put(out, "createdDate", Json.created(key));
        Json.put(out, "lastUpdatedDate", Json.created(key));
        out.putArray("stageKeys");
        if (withValue) {
            value(scope, key).ifPresent(v -> out.put("value", v));
        }
        return out;
    }

    private static ApiKey apiKey(Scope scope, String id) {
        return scope.require(ApiKey.class, id, "Invalid API Key identifier specified");
    }

    public Reply createKey(Call call) {
        Scope scope = scopes.apply(call);
        JsonNode body = call.json();
        String value = Json.text(body, "value");
        if (value == null) {
            value = Ids.secret(40);
        } else if (value.length() < 20 || value.length() > 128) {
            throw AwsException.badRequest("API Key value should be at least 20 characters and at most 128");
        }
        String id = RestApis.newId(scope, Json.strings(body, "tags"), ApiKey.class);
        String name = Json.text(body, "name");
        ApiKey key = new ApiKey();
        key.setMetadata(RestApis.meta(id, name == null ? id : name));
        ApiKeySpec spec = new ApiKeySpec();
        spec.setDescription(Json.text(body, "description"));
        spec.setCustomerId(Json.text(body, "customerId"));
        // AWS creates keys disabled unless told otherwise.
        spec.setEnabled(Boolean.TRUE.equals(Json.bool(body, "enabled")));
        ApiKeyValueFrom from = new ApiKeyValueFrom();
        SecretKeyRef ref = new SecretKeyRef();
        ref.setName(secretName(id));
        ref.setKey("value");
        from.setSecretKeyRef(ref);
        spec.setValueFrom(from);
        key.setSpec(spec);
        scope.check("create", Secret.class, ref.getName());
        String secretValue = value;
        Scope.guard(() -> {
            scope.store()
                    .putSecret(
                            scope.namespace(),
                            ref.getName(),
                            "Opaque",
                            Map.of("value", secretValue),
                            Map.of(ApiView.API_LABEL.replace("rest-api", "api-key"), id));
            return null;
        });
        try {
            scope.apply(new Scope.Change.Create(key));
        } catch (AwsException e) {
            Scope.guard(() -> scope.store().deleteSecret(scope.namespace(), ref.getName()));
            throw e;
        }
        ObjectNode out = keyShape(scope, key, false);
        out.put("value", value);
        return Reply.created(out);
    }

    public Reply getKey(Call call) {
        Scope scope = scopes.apply(call);
        boolean include = "true".equalsIgnoreCase(call.query("includeValue"));
        return Reply.ok(keyShape(scope, apiKey(scope, call.param("api_Key")), include));
    }

    public Reply getKeys(Call call) {
        Scope scope = scopes.apply(call);
        boolean include = "true".equalsIgnoreCase(call.query("includeValues"));
        String nameQuery = call.query("name");
        String customerId = call.query("customerId");
        List<ObjectNode> items = scope.list(ApiKey.class).stream()
                .filter(k -> nameQuery == null || displayName(k).startsWith(nameQuery))
                .filter(k -> customerId == null || customerId.equals(k.getSpec().getCustomerId()))
                .map(k -> keyShape(scope, k, include))
                .toList();
        return Reply.ok(Json.page(items, call.query("position"), call.query("limit"), "item"));
    }

    public Reply updateKey(Call call) {
        Scope scope = scopes.apply(call);
        ApiKey key = apiKey(scope, call.param("api_Key"));
        for (Patch p : Patch.of(call.json())) {
            boolean remove = p.op().equals("remove");
            switch (p.segments().get(0)) {
                case "name" -> ApiView.setDisplayName(key, p.required());
                case "description" -> key.getSpec().setDescription(remove ? null : p.required());
                case "customerId" -> key.getSpec().setCustomerId(remove ? null : p.required());
                case "enabled" -> key.getSpec().setEnabled(p.bool());
                default -> throw p.unsupported();
            }
        }
        scope.apply(new Scope.Change.Update(key));
        return Reply.ok(keyShape(scope, key, false));
    }

    public Reply deleteKey(Call call) {
        Scope scope = scopes.apply(call);
        ApiKey key = apiKey(scope, call.param("api_Key"));
        String id = key.getMetadata().getName();
        List<Scope.Change> changes = new ArrayList<>();
        for (UsagePlan plan : scope.list(UsagePlan.class)) {
            if (plan.getSpec().getApiKeys() != null
                    && plan.getSpec().getApiKeys().remove(id)) {
                if (plan.getSpec().getApiKeys().isEmpty()) {
                    plan.getSpec().setApiKeys(null);
                }
                changes.add(new Scope.Change.Update(plan));
            }
        }
        changes.add(new Scope.Change.Delete(ApiKey.class, id));
        scope.apply(changes);
        String secret = secretName(id);
        if (key.getSpec().getValueFrom() != null
                && secret.equals(key.getSpec().getValueFrom().getSecretKeyRef().getName())) {
            scope.check("delete", Secret.class, secret);
            Scope.guard(() -> scope.store().deleteSecret(scope.namespace(), secret));
        }
        return Reply.empty(202);
    }
}
