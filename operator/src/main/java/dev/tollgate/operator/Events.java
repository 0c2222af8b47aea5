package dev.tollgate.operator;

import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Warning Events for resources that became (or stay, with a new message) not Accepted. */
final class Events {
    private static final Logger LOG = Logger.getLogger(Events.class);

    private Events() {}

    static void onRejection(KubernetesClient client, HasMetadata resource, ResourceStatus old, ResourceStatus next) {
        Condition now = StatusAggregator.find(next, Crds.CONDITION_ACCEPTED);
        if (now == null || !"False".equals(now.getStatus())) {
            return;
        }
        Condition before = StatusAggregator.find(old, Crds.CONDITION_ACCEPTED);
        if (before != null
                && "False".equals(before.getStatus())
                && Objects.equals(before.getMessage(), now.getMessage())) {
            return;
        }
        String time = Instant.now().toString();
        try {
            client.v1()
                    .events()
                    .inNamespace(resource.getMetadata().getNamespace())
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID())
                            .withNamespace(resource.getMetadata().getNamespace())
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withApiVersion(resource.getApiVersion())
                            .withKind(resource.getKind())
                            .withName(resource.getMetadata().getName())
                            .withNamespace(resource.getMetadata().getNamespace())
                            .withUid(resource.getMetadata().getUid())
                            .endInvolvedObject()
                            .withType("Warning")
                            .withReason(now.getReason())
                            .withMessage(now.getMessage())
                            .withFirstTimestamp(time)
                            .withLastTimestamp(time)
                            .withCount(1)
                            .withNewSource()
                            .withComponent("tollgate-operator")
                            .endSource()
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            // An Event is a courtesy; status already says what is wrong.
            LOG.warnf("cannot record an Event for %s: %s", GatewayReconciler.describe(resource), e.getMessage());
        }
    }
}
