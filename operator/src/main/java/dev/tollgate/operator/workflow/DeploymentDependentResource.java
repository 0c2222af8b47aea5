package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The data plane Deployment. */
@KubernetesDependent(informer = @Informer(labelSelector = DataPlaneNames.MANAGED_SELECTOR))
public class DeploymentDependentResource extends DataPlaneDependentResource<Deployment> {
    public DeploymentDependentResource() {
        super(
                Deployment.class,
                DataPlaneNames::base,
                (gateway, compiled) ->
                        DataPlaneResources.deployment(gateway, compiled.image(), compiled.tokenAudience()));
    }
}
