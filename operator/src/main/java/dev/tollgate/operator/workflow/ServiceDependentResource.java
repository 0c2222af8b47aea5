package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The Service in front of the data plane (watched through the reconciler's informer of Services).
 */
public class ServiceDependentResource extends DataPlaneDependentResource<Service> {
    public ServiceDependentResource() {
        super(Service.class);
    }

    @Override
    protected String childName(String gateway) {
        return DataPlaneNames.base(gateway);
    }

    @Override
    protected Service build(Gateway gateway, DesiredDataPlane compiled) {
        return DataPlaneResources.service(gateway);
    }
}
