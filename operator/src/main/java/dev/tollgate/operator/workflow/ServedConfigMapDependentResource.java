package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;

/** The ConfigMap the pods report the config id they serve into. */
public class ServedConfigMapDependentResource extends DataPlaneDependentResource<ConfigMap> {
    public ServedConfigMapDependentResource() {
        super(
                ConfigMap.class,
                DataPlaneNames::statusConfigMap,
                (gateway, compiled) -> DataPlaneResources.statusConfigMap(gateway));
    }

    /** Created when missing, never rewritten: the pods write their entries into it. */
    @Override
    public Result<ConfigMap> match(ConfigMap actual, ConfigMap desired, Gateway gateway, Context<Gateway> context) {
        return Result.computed(true, desired);
    }
}
