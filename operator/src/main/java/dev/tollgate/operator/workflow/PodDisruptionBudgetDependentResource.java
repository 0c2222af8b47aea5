package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The data plane's PodDisruptionBudget, when the Gateway keeps a pod available ({@link Wanted}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependentResource extends DataPlaneDependentResource<PodDisruptionBudget> {
    public PodDisruptionBudgetDependentResource() {
        super(
                PodDisruptionBudget.class,
                DataPlaneNames::base,
                (gateway, compiled) -> DataPlaneResources.podDisruptionBudget(gateway));
    }

    /** Whether the Gateway keeps a pod available; when not, the budget is deleted (or never made). */
    public static class Wanted implements Condition<PodDisruptionBudget, Gateway> {
        @Override
        public boolean isMet(
                DependentResource<PodDisruptionBudget, Gateway> dependent, Gateway gateway, Context<Gateway> context) {
            return DataPlaneResources.wantsPodDisruptionBudget(gateway);
        }
    }
}
