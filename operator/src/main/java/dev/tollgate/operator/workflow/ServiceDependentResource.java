package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The Service in front of the data plane (watched through the reconciler's informer of Services).
 */
public class ServiceDependentResource extends DataPlaneDependentResource<Service> {
    public ServiceDependentResource() {
        super(Service.class, DataPlaneNames::base, (gateway, compiled) -> DataPlaneResources.service(gateway));
    }
}
