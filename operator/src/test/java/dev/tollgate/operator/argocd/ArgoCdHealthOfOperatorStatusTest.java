package dev.tollgate.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.Severity;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.operator.argocd.ArgoCdLua.HealthStatus;
import dev.tollgate.operator.argocd.ArgoCdLua.Libraries;
import dev.tollgate.operator.status.KindStatuses;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.status.StatusAggregator.DataPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The health checks read what the operator really writes: each kind's status is made by the
 * operator's own status aggregator, serialized as the API server holds it, and run through the
 * kind's health.lua.
 */
class ArgoCdHealthOfOperatorStatusTest {
    static final String CONFIG = "3f9c2a71be04";
    static final Instant NOW = Instant.parse("2026-11-20T09:12:41Z");

    /** A kind with a status: how to make one and its aggregator. */
    record StatusKind<S extends ResourceStatus>(
            Supplier<? extends CustomResource<?, S>> resource, StatusAggregator<S> aggregator) {
        String kind() {
            return HasMetadata.getKind(resource.get().getClass());
        }

        /** The object after the operator aggregated its status at {@code observed}, now at {@code generation}. */
        JsonNode object(long generation, long observed, List<Finding> findings, DataPlane dataPlane) {
            CustomResource<?, S> r = resource.get();
            r.setMetadata(new ObjectMetaBuilder()
                    .withName("petstore")
                    .withNamespace("shop")
                    .withGeneration(generation)
                    .build());
            r.setStatus(aggregator.aggregate(null, observed, findings, dataPlane, CONFIG, NOW));
            return Serialization.jsonMapper().valueToTree(r);
        }

        HealthStatus health(long generation, long observed, List<Finding> findings, DataPlane dataPlane) {
            return ArgoCdLua.health(
                    HealthChecks.script(kind()),
                    object(generation, observed, findings, dataPlane),
                    Libraries.ARGOCD_CM);
        }

        Finding finding(Severity severity, String field, String message) {
            return new Finding(
                    severity, new ResourceRef(kind(), "shop", "petstore"), field, Reason.MISSING_REFERENCE, message);
        }
    }

    static final List<StatusKind<?>> KINDS = List.of(
            new StatusKind<>(RestApi::new, KindStatuses.REST_API),
            new StatusKind<>(Integration::new, KindStatuses.INTEGRATION),
            new StatusKind<>(Stage::new, KindStatuses.STAGE),
            new StatusKind<>(UsagePlan::new, KindStatuses.USAGE_PLAN),
            new StatusKind<>(ApiKey::new, KindStatuses.API_KEY),
            new StatusKind<>(DomainName::new, KindStatuses.DOMAIN_NAME),
            new StatusKind<>(ApiDeployment::new, KindStatuses.API_DEPLOYMENT),
            new StatusKind<>(Gateway::new, KindStatuses.GATEWAY));

    @Test
    void everyKindWithAStatusIsCoveredHere() {
        assertThat(KINDS.stream().map(StatusKind::kind))
                .containsExactlyInAnyOrderElementsOf(HealthChecks.crdKinds().entrySet().stream()
                        .filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey)
                        .toList());
    }

    @Test
    void compiledAndServedIsHealthyNamingTheServedConfig() {
        for (StatusKind<?> k : KINDS) {
            assertThat(k.health(3, 3, List.of(), DataPlane.SERVING_CURRENT))
                    .as(k.kind())
                    .isEqualTo(new HealthStatus("Healthy", "served in config " + CONFIG));
        }
    }

    @Test
    void warningsDoNotMakeAResourceUnhealthy() {
        for (StatusKind<?> k : KINDS) {
            Finding warning = k.finding(Severity.WARNING, "spec.description", "has no effect here");
            assertThat(k.health(2, 2, List.of(warning), DataPlane.SERVING_CURRENT)
                            .status())
                    .as(k.kind())
                    .isEqualTo("Healthy");
        }
    }

    @Test
    void waitingForTheDataPlaneIsProgressing() {
        for (StatusKind<?> k : KINDS) {
            assertThat(k.health(2, 2, List.of(), DataPlane.PENDING))
                    .as(k.kind())
                    .isEqualTo(new HealthStatus("Progressing", "waiting for the data plane to serve config " + CONFIG));
        }
    }

    @Test
    void noGatewayIsDegradedSayingWhatToDo() {
        for (StatusKind<?> k : KINDS) {
            assertThat(k.health(1, 1, List.of(), DataPlane.NO_GATEWAY))
                    .as(k.kind())
                    .isEqualTo(new HealthStatus("Degraded", "no Gateway in this namespace serves it; create one"));
        }
    }

    @Test
    void compileErrorIsDegradedNamingTheFieldAtFault() {
        for (StatusKind<?> k : KINDS) {
            Finding error = k.finding(Severity.ERROR, "spec.tls.secretName", "no Secret named petstore-tls");
            assertThat(k.health(4, 4, List.of(error), DataPlane.SERVING_CURRENT))
                    .as(k.kind())
                    .isEqualTo(new HealthStatus("Degraded", "spec.tls.secretName: no Secret named petstore-tls"));
        }
    }

    @Test
    void aSpecChangeTheOperatorHasNotSeenYetIsProgressingEvenAfterAnError() {
        for (StatusKind<?> k : KINDS) {
            Finding error = k.finding(Severity.ERROR, "spec", "broken");
            assertThat(k.health(5, 4, List.of(error), DataPlane.SERVING_CURRENT))
                    .as(k.kind())
                    .isEqualTo(new HealthStatus(
                            "Progressing", "Waiting for the Tollgate operator to observe generation 5"));
        }
    }
}
