package dev.tollgate.dataplane.limits;

import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.ApiKeyConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.PlanLimitsConfig;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Per-key usage of a usage plan's current quota period, read from the limit state without
 * blocking: what the admin endpoint {@code /usage?plan=NAME[&namespace=NS]} answers (and what the
 * operator will copy into the UsagePlan's status).
 */
public final class UsageReport {
    private UsageReport() {}

    /** The report as a JSON-ready map; {@code found} is false when no served config has the plan. */
    public static CompletableFuture<Map<String, Object>> of(
            List<GatewayConfig> configs, LimitState state, String plan, String namespace) {
        for (GatewayConfig config : configs) {
            if (namespace != null && !namespace.equals(config.namespace())) {
                continue;
            }
            QuotaConfig quota = null;
            boolean found = false;
            for (ApiConfig api : config.apis()) {
                for (StageConfig stage : api.stages()) {
                    for (RouteConfig route : stage.routes()) {
                        for (PlanLimitsConfig p : route.plans()) {
                            if (p.plan().equals(plan)) {
                                found = true;
                                quota = quota == null ? p.quota() : quota;
                            }
                        }
                    }
                }
            }
            List<ApiKeyConfig> keys = new ArrayList<>();
            for (ApiKeyConfig key : config.apiKeys()) {
                if (key.plans().contains(plan)) {
                    keys.add(key);
                    found = true;
                }
            }
            if (!found) {
                continue;
            }
            return report(config, state, plan, quota, keys);
        }
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("found", false);
        none.put("plan", plan);
        return CompletableFuture.completedFuture(none);
    }

    private static CompletableFuture<Map<String, Object>> report(
            GatewayConfig config, LimitState state, String plan, QuotaConfig quota, List<ApiKeyConfig> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("found", true);
        out.put("namespace", config.namespace());
        out.put("plan", plan);
        Map<String, Object> usage = new LinkedHashMap<>();
        out.put("keys", usage);
        if (quota == null) {
            out.put("quota", null);
            keys.forEach(k -> usage.put(k.id(), null));
            return CompletableFuture.completedFuture(out);
        }
        Instant now = state.clock().instant();
        QuotaPeriods.Period period = QuotaPeriods.at(quota, now);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("limit", quota.limit());
        q.put("period", quota.period().name());
        q.put("offset", quota.offset());
        q.put("periodStart", period.start().toString());
        q.put("periodEnd", period.end().toString());
        out.put("quota", q);
        SharedState shared = state.forConfig(config);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (ApiKeyConfig key : keys) {
            String id = config.namespace() + "/" + plan + "/" + key.id() + "@"
                    + period.start().getEpochSecond();
            usage.put(key.id(), null);
            reads.add(shared.read(id).thenAccept(used -> {
                synchronized (usage) {
                    Map<String, Object> k = new LinkedHashMap<>();
                    // Refused requests past the limit count in the store; usage is capped at the limit.
                    k.put("used", Math.min(used, quota.limit()));
                    k.put("remaining", Math.max(0, quota.limit() - used));
                    usage.put(key.id(), k);
                }
            }));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> out);
    }
}
