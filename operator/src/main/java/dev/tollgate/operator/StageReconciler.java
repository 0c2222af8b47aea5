package dev.tollgate.operator;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.operator.status.KindStatuses;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells the user when a Stage cannot be served because its namespace has no Gateway: nothing else
 * would reconcile it. While a Gateway exists, the {@link GatewayReconciler} owns the Stage's status
 * and this reconciler changes nothing.
 */
@ControllerConfiguration(name = StageReconciler.NAME)
public class StageReconciler implements Reconciler<Stage> {
    /** Controller name (configuration key {@code quarkus.operator-sdk.controllers.stage.*}). */
    public static final String NAME = "stage";

    @Override
    public List<EventSource<?, Stage>> prepareEventSources(EventSourceContext<Stage> context) {
        var config = InformerEventSourceConfiguration.from(Gateway.class, Stage.class)
                .withName("Gateway")
                .withSecondaryToPrimaryMapper(gw -> context.getPrimaryCache()
                        .list(gw.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .withNamespacesInheritedFromController()
                .build();
        return List.of(new InformerEventSource<>(config, context));
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<Stage> reconcile(Stage stage, Context<Stage> context) {
        String namespace = stage.getMetadata().getNamespace();
        var gateways = (InformerEventSource<Gateway, Stage>)
                context.eventSourceRetriever().getEventSourceFor(Gateway.class, "Gateway");
        if (gateways.list(namespace, g -> true).findAny().isPresent()) {
            return UpdateControl.noUpdate();
        }
        String message = "namespace " + namespace + " has no Gateway; create one to compile and serve this Stage";
        StageStatus next = KindStatuses.STAGE.noGateway(
                stage.getStatus(), stage.getMetadata().getGeneration(), message, Instant.now());
        GatewayReconciler.patchStatus(context.getClient(), stage, stage.getStatus(), next);
        return UpdateControl.noUpdate();
    }
}
