package dev.tollgate.operator.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.crds.v1alpha1.UsagePlanKeyUsage;
import dev.tollgate.crds.v1alpha1.UsagePlanUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Merges the {@code /usage?plan=} answers of a Gateway's data plane pods into a UsagePlan's status
 * usage. With shared state (Redis) every pod reads the same counters, so the largest figure is the
 * usage; without, each replica counts what it served, so the figures add up. Pure.
 */
final class PlanUsageMerge {
    private PlanUsageMerge() {}

    /**
     * The merged usage, or null when no answer had the plan with a quota.
     *
     * @param answers the pods' JSON answers
     * @param shared whether the pods share their counters (a Redis)
     * @param now when the pods were read (RFC 3339)
     */
    static UsagePlanUsage merge(List<JsonNode> answers, boolean shared, String now) {
        JsonNode quota = null;
        Map<String, Long> used = new TreeMap<>();
        for (JsonNode answer : answers) {
            if (!answer.path("found").asBoolean(false) || !answer.path("quota").isObject()) {
                continue;
            }
            quota = answer.get("quota");
            answer.path("keys").fields().forEachRemaining(e -> {
                long n = e.getValue().path("used").asLong(0);
                used.merge(e.getKey(), n, shared ? Math::max : Long::sum);
            });
        }
        if (quota == null) {
            return null;
        }
        long limit = quota.path("limit").asLong();
        UsagePlanUsage usage = new UsagePlanUsage();
        usage.setPeriodStart(quota.path("periodStart").asText(null));
        usage.setPeriodEnd(quota.path("periodEnd").asText(null));
        usage.setLimit(limit);
        usage.setUpdatedAt(now);
        List<UsagePlanKeyUsage> keys = new ArrayList<>();
        used.forEach((name, n) -> {
            UsagePlanKeyUsage k = new UsagePlanKeyUsage();
            k.setApiKey(name);
            k.setUsed(Math.min(n, limit));
            k.setRemaining(Math.max(0, limit - n));
            keys.add(k);
        });
        usage.setKeys(keys);
        return usage;
    }

    /** Whether two usages say the same, whenever they were read. */
    static boolean same(UsagePlanUsage a, UsagePlanUsage b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getPeriodStart(), b.getPeriodStart())
                && Objects.equals(a.getPeriodEnd(), b.getPeriodEnd())
                && Objects.equals(a.getLimit(), b.getLimit())
                && keys(a).equals(keys(b));
    }

    private static List<String> keys(UsagePlanUsage u) {
        List<String> out = new ArrayList<>();
        if (u.getKeys() != null) {
            u.getKeys().forEach(k -> out.add(k.getApiKey() + "=" + k.getUsed() + "/" + k.getRemaining()));
        }
        return out;
    }
}
