package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The ConfigMap holding the compiled config (watched through the reconciler's informer of the
 * operator's ConfigMaps).
 */
public class ConfigMapDependentResource extends DataPlaneDependentResource<ConfigMap> {
    public ConfigMapDependentResource() {
        super(ConfigMap.class);
    }

    @Override
    protected String childName(String gateway) {
        return DataPlaneNames.configMap(gateway);
    }

    @Override
    protected ConfigMap build(Gateway gateway, DesiredDataPlane compiled) {
        return DataPlaneResources.configMap(gateway, compiled.configId(), compiled.configJson());
    }
}
