package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.Quota;
import dev.tollgate.crds.v1alpha1.Throttle;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.crds.v1alpha1.UsagePlanApiStage;
import dev.tollgate.ir.QuotaConfig;
import dev.tollgate.ir.QuotaPeriod;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.ThrottleConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles UsagePlans: the plan's throttle and quota, the stages it covers with their per-method
 * throttles, and the ApiKeys it names. The plans are merged into each route by {@link
 * RouteLimitsMerge}; the keys carry their plans' names ({@link ApiKeyCompiler}).
 */
final class UsagePlanCompiler {
    private static final Pattern PLAN_THROTTLE_KEY = Pattern.compile("(/\\S*)/(\\*|" + Grammar.HTTP_METHOD + "|ANY)");

    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final ThrottleCompiler throttles;

    UsagePlanCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
        this.throttles = new ThrottleCompiler(findings);
    }

    /**
     * A UsagePlan without errors.
     *
     * @param methodThrottles by stage id ({@code api/stage}), the stages the plan covers with their
     *     per-method throttles
     */
    record Plan(
            String name,
            ThrottleConfig throttle,
            QuotaConfig quota,
            Map<String, SortedMap<String, ThrottleConfig>> methodThrottles) {

        /** What the plan applies to a stage, or null when it does not cover the stage. */
        RouteLimitsMerge.PlanLimits on(String stageId) {
            SortedMap<String, ThrottleConfig> methods = methodThrottles.get(stageId);
            return methods == null ? null : new RouteLimitsMerge.PlanLimits(name, throttle, quota, methods);
        }
    }

    /**
     * The plans without errors, sorted by name.
     *
     * @param stages the deployed stages by id ({@code api/stage}), to warn of throttles on methods
     *     they do not serve
     */
    List<Plan> compile(Map<String, StageCompiler.DeployedStage> stages) {
        Set<String> keys = new HashSet<>();
        snapshot.apiKeys().forEach(k -> keys.add(k.getMetadata().getName()));
        List<Plan> out = new ArrayList<>();
        Map<String, String> keyStages = new HashMap<>();
        for (UsagePlan plan : Inputs.byName(snapshot.usagePlans())) {
            ResourceRef ref = ResourceRef.of(plan);
            if (plan.getSpec() == null) {
                findings.error(ref, "spec", Reason.INVALID_VALUE, "spec is required");
                continue;
            }
            int mark = findings.mark();
            ThrottleConfig throttle =
                    throttles.compile(ref, "spec.throttle", plan.getSpec().getThrottle());
            QuotaConfig quota = quota(ref, plan.getSpec().getQuota());
            Map<String, SortedMap<String, ThrottleConfig>> methodThrottles = new HashMap<>();
            List<UsagePlanApiStage> apiStages = Inputs.orEmpty(plan.getSpec().getApiStages());
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
                StageCompiler.DeployedStage deployed = stages.get(stageId);
                SortedMap<String, ThrottleConfig> methods = new TreeMap<>();
                for (Map.Entry<String, Throttle> e :
                        Inputs.sorted(s.getThrottle()).entrySet()) {
                    String tf = f + ".throttle[" + e.getKey() + "]";
                    Matcher m = PLAN_THROTTLE_KEY.matcher(e.getKey());
                    if (!m.matches()) {
                        findings.error(ref, tf, Reason.INVALID_VALUE, e.getKey() + " is not /path/METHOD");
                        continue;
                    }
                    String path = m.group(1).isEmpty() ? "/" : m.group(1);
                    String method = m.group(2);
                    if (deployed != null
                            && deployed.routes().stream().noneMatch(r -> serves(r.route(), path, method))) {
                        findings.warning(
                                ref, tf, Reason.NO_EFFECT, "stage " + stageId + " serves no method " + e.getKey());
                    }
                    ThrottleConfig t = throttles.compile(ref, tf, e.getValue());
                    if (t != null) {
                        methods.put(e.getKey(), t);
                    }
                }
                methodThrottles.put(stageId, methods);
            }
            List<String> planKeys = Inputs.orEmpty(plan.getSpec().getApiKeys());
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
            out.add(new Plan(plan.getMetadata().getName(), throttle, quota, methodThrottles));
        }
        return out;
    }

    private static boolean serves(RouteConfig route, String path, String method) {
        return route.resourcePath().equals(path)
                && (method.equals("*") || route.httpMethod().equals(method));
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
        int max = period.maxOffset();
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
}
