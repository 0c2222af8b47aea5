package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The data plane's Role: read its own ConfigMap and Secret, report into its status ConfigMap. */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class RoleDependentResource extends DataPlaneDependentResource<Role> {
    public RoleDependentResource() {
        super(Role.class, DataPlaneNames::base, (gateway, compiled) -> DataPlaneResources.role(gateway));
    }
}
