package dev.tollgate.operator.testing;

import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads the conditions the operator wrote. */
public final class Statuses {
    private Statuses() {}

    /** The condition of that type on the named resource, or null (no resource, no status or no condition). */
    public static <S extends ResourceStatus> Condition condition(
            KubernetesClient client,
            Class<? extends CustomResource<?, S>> type,
            String namespace,
            String name,
            String conditionType) {
        CustomResource<?, S> r =
                client.resources(type).inNamespace(namespace).withName(name).get();
        return r == null ? null : StatusAggregator.find(r.getStatus(), conditionType);
    }
}
