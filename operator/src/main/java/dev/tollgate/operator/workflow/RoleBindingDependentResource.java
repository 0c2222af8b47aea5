package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Binds the data plane's Role to its ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class RoleBindingDependentResource extends DataPlaneDependentResource<RoleBinding> {
    public RoleBindingDependentResource() {
        super(RoleBinding.class, DataPlaneNames::base, (gateway, compiled) -> DataPlaneResources.roleBinding(gateway));
    }
}
