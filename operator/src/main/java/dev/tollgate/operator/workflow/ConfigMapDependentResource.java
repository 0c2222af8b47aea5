package dev.tollgate.operator.workflow;

import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The ConfigMap holding the compiled config (watched through the reconciler's informer of the
 * operator's ConfigMaps).
 */
public class ConfigMapDependentResource extends DataPlaneDependentResource<ConfigMap> {
    public ConfigMapDependentResource() {
        super(
                ConfigMap.class,
                DataPlaneNames::configMap,
                (gateway, compiled) ->
                        DataPlaneResources.configMap(gateway, compiled.configId(), compiled.configJson()));
    }
}
