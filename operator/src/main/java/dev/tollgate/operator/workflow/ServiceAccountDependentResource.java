package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The data plane pods' ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class ServiceAccountDependentResource extends DataPlaneDependentResource<ServiceAccount> {
    public ServiceAccountDependentResource() {
        super(
                ServiceAccount.class,
                DataPlaneNames::base,
                (gateway, compiled) -> DataPlaneResources.serviceAccount(gateway));
    }
}
