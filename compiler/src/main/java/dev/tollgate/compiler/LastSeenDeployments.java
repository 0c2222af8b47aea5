package dev.tollgate.compiler;

import dev.tollgate.compiler.deployment.DeploymentHistory;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A caller's memory of the ApiDeployments its Stages name, so deleting one a stage still pins
 * never takes the stage down: {@link #apply} remembers each named deployment that exists and hands
 * the compiler the last copy of each named one that no longer does ({@link
 * NamespaceSnapshot#deletedApiDeployments}), which it serves with a warning on the Stage. A copy
 * is forgotten once no Stage names it. Local mode's folder compiler and the operator each keep
 * one; it lives as long as they run (a restart forgets deleted copies).
 */
public final class LastSeenDeployments {
    private final Map<String, Map<String, ApiDeployment>> byNamespace = new HashMap<>();

    /**
     * The snapshot with the last copies of the deleted deployments its Stages still name; the
     * named deployments it holds are remembered.
     */
    public synchronized NamespaceSnapshot apply(NamespaceSnapshot snapshot) {
        Set<String> named = new TreeSet<>();
        for (Stage stage : snapshot.stages()) {
            String pinned = DeploymentHistory.pinnedTo(stage);
            String canary = DeploymentHistory.canaryOf(stage);
            if (pinned != null) {
                named.add(pinned);
            }
            if (canary != null) {
                named.add(canary);
            }
        }
        Map<String, ApiDeployment> seen = byNamespace.getOrDefault(snapshot.namespace(), Map.of());
        Map<String, ApiDeployment> next = new HashMap<>();
        for (ApiDeployment d : snapshot.apiDeployments()) {
            String name = d.getMetadata().getName();
            if (named.contains(name)) {
                next.put(name, d);
            }
        }
        List<ApiDeployment> deleted = new ArrayList<>();
        for (String name : named) {
            ApiDeployment last = seen.get(name);
            if (!next.containsKey(name) && last != null) {
                deleted.add(last);
                next.put(name, last);
            }
        }
        if (next.isEmpty()) {
            byNamespace.remove(snapshot.namespace());
        } else {
            byNamespace.put(snapshot.namespace(), next);
        }
        return snapshot.withDeletedApiDeployments(deleted);
    }
}
