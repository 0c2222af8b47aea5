package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Binds the data plane's Role to its ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class RoleBindingDependentResource extends DataPlaneDependentResource<RoleBinding> {
    public RoleBindingDependentResource() {
        super(RoleBinding.class);
    }

    @Override
    protected String childName(String gateway) {
        return DataPlaneNames.base(gateway);
    }

    @Override
    protected RoleBinding build(Gateway gateway, DesiredDataPlane compiled) {
        return DataPlaneResources.roleBinding(gateway);
    }
}
