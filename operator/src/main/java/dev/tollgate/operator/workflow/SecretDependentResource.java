package dev.tollgate.operator.workflow;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The Secret holding the Secret values the config references, when it references any ({@link
 * Wanted}); watched through the reconciler's informer of Secrets.
 */
public class SecretDependentResource extends DataPlaneDependentResource<Secret> {
    public SecretDependentResource() {
        super(
                Secret.class,
                DataPlaneNames::secret,
                (gateway, compiled) -> DataPlaneResources.secret(gateway, compiled.secretParts()));
    }

    /** Whether the config references Secret values; when not, the Secret is deleted (or never made). */
    public static class Wanted implements Condition<Secret, Gateway> {
        @Override
        public boolean isMet(DependentResource<Secret, Gateway> dependent, Gateway gateway, Context<Gateway> context) {
            return DataPlaneResources.wantsSecret(DesiredDataPlane.of(context).secretParts());
        }
    }
}
