package dev.tollgate.dataplane.server;

import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.StageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which ApiDeployment each served stage serves, which one it served before, and its canary's; kept
 * across config swaps, as a Stage's status shows it in a cluster. {@link #update} is called with
 * each config served and returns what changed, for the log.
 */
final class ServedDeployments {
    /**
     * What one stage serves.
     *
     * @param deployment the ApiDeployment served, or null when the stage follows its RestApi
     * @param previous the ApiDeployment served before (null: none, or the RestApi)
     * @param canary the ApiDeployment its canary serves, or null
     * @param canaryPercent the share of requests the canary serves
     */
    record Served(String deployment, String previous, String canary, double canaryPercent) {}

    private final Map<String, Served> byStage = new HashMap<>();

    /** Records the stages of the configs served now; returns a line per stage whose deployment changed. */
    synchronized List<String> update(List<GatewayConfig> configs) {
        Map<String, Served> next = new HashMap<>();
        List<String> changes = new ArrayList<>();
        for (GatewayConfig config : configs) {
            for (ApiConfig api : config.apis()) {
                for (StageConfig stage : api.stages()) {
                    String key = key(config.namespace(), api.name(), stage.name());
                    String deployment = stage.deployment() == null
                            ? null
                            : stage.deployment().name();
                    String canary = stage.canary() == null
                            ? null
                            : stage.canary().deployment().name();
                    double percent = stage.canary() == null ? 0 : stage.canary().percentTraffic();
                    Served old = byStage.get(key);
                    String previous = old == null
                            ? null
                            : Objects.equals(old.deployment(), deployment) ? old.previous() : old.deployment();
                    next.put(key, new Served(deployment, previous, canary, percent));
                    if (old != null && !Objects.equals(old.deployment(), deployment)) {
                        changes.add(config.namespace() + "/RestApi/" + api.name() + " stage " + stage.name()
                                + " serves " + describe(deployment) + " (before: " + describe(old.deployment()) + ")");
                    }
                    if (old != null && (!Objects.equals(old.canary(), canary) || old.canaryPercent() != percent)) {
                        changes.add(config.namespace() + "/RestApi/" + api.name() + " stage " + stage.name()
                                + (canary == null
                                        ? " has no canary"
                                        : " sends " + percent + "% of its requests to canary ApiDeployment " + canary));
                    }
                }
            }
        }
        byStage.clear();
        byStage.putAll(next);
        return changes;
    }

    /** What a stage serves, or null when it is not served. */
    synchronized Served get(String namespace, String api, String stage) {
        return byStage.get(key(namespace, api, stage));
    }

    private static String describe(String deployment) {
        return deployment == null ? "its RestApi as it is (AutoDeploy)" : "ApiDeployment " + deployment;
    }

    private static String key(String namespace, String api, String stage) {
        return namespace + "/" + api + "/" + stage;
    }
}
