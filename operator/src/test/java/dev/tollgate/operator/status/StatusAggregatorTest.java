package dev.tollgate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.Finding;
import dev.tollgate.compiler.Reason;
import dev.tollgate.compiler.ResourceRef;
import dev.tollgate.compiler.Severity;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.GatewayStatus;
import dev.tollgate.crds.v1alpha1.RestApiStatus;
import dev.tollgate.crds.v1alpha1.StageStatus;
import dev.tollgate.crds.v1alpha1.UsagePlanStatus;
import dev.tollgate.crds.v1alpha1.UsagePlanUsage;
import dev.tollgate.operator.status.StatusAggregator.DataPlane;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
    static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    static final ResourceRef API = new ResourceRef("RestApi", "ns", "shop");

    static Finding error(String field, String message) {
        return new Finding(Severity.ERROR, API, field, Reason.MISSING_REFERENCE, message);
    }

    @Test
    void aUsagePlansConditionsAreRewrittenAndItsUsageCarriedOver() {
        UsagePlanStatus old = new UsagePlanStatus();
        UsagePlanUsage usage = new UsagePlanUsage();
        usage.setLimit(100L);
        old.setUsage(usage);
        UsagePlanStatus next =
                KindStatuses.USAGE_PLAN.aggregate(old, 2L, List.of(), DataPlane.SERVING_CURRENT, "abc", T1);
        assertThat(next.getUsage()).isSameAs(usage);
        assertThat(StatusAggregator.find(next, Crds.CONDITION_ACCEPTED).getStatus())
                .isEqualTo("True");
    }

    @Test
    void cleanResourceIsAcceptedAndProgrammedOnceServed() {
        RestApiStatus s = KindStatuses.REST_API.aggregate(null, 3L, List.of(), DataPlane.SERVING_CURRENT, "abc", T1);
        assertThat(s.getObservedGeneration()).isEqualTo(3L);
        assertThat(StatusAggregator.find(s, Crds.CONDITION_ACCEPTED).getStatus())
                .isEqualTo("True");
        assertThat(StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED).getStatus())
                .isEqualTo("True");
        assertThat(StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED).getMessage())
                .contains("abc");
    }

    @Test
    void errorMakesAcceptedFalseNamingTheFieldAndTheReason() {
        Finding f = error("spec.resources[0].methods[0].integration.integrationRef", "no Integration named x");
        RestApiStatus s = KindStatuses.REST_API.aggregate(null, 1L, List.of(f), DataPlane.SERVING_CURRENT, "abc", T1);
        var accepted = StatusAggregator.find(s, Crds.CONDITION_ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason())
                .isEqualTo("MissingReference")
                .isEqualTo(f.reason().camelCase());
        assertThat(accepted.getMessage())
                .isEqualTo("spec.resources[0].methods[0].integration.integrationRef: no Integration named x");
        assertThat(StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED).getReason())
                .isEqualTo(StatusAggregator.REASON_INVALID);
    }

    @Test
    void anApiServedWithoutItsMethodsWithErrorsIsNotAcceptedButProgrammed() {
        Finding f = error("spec.resources[0].methods[0].integration.integrationRef", "no Integration named x");
        RestApiStatus s = KindStatuses.REST_API.aggregate(
                null, 1L, List.of(f), DataPlane.SERVING_CURRENT, "abc", T1, true, x -> {});
        assertThat(StatusAggregator.find(s, Crds.CONDITION_ACCEPTED).getStatus())
                .isEqualTo("False");
        var programmed = StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED);
        assertThat(programmed.getStatus()).isEqualTo("True");
        assertThat(programmed.getMessage()).isEqualTo("served in config abc without the parts with errors");
        RestApiStatus pending =
                KindStatuses.REST_API.aggregate(null, 1L, List.of(f), DataPlane.PENDING, "abc", T1, true, x -> {});
        assertThat(StatusAggregator.find(pending, Crds.CONDITION_PROGRAMMED).getReason())
                .isEqualTo(StatusAggregator.REASON_PENDING);
    }

    @Test
    void pendingUntilTheDataPlaneServesAndNoGatewaySaysSo() {
        assertThat(StatusAggregator.find(
                                KindStatuses.REST_API.aggregate(null, 1L, List.of(), DataPlane.PENDING, "abc", T1),
                                Crds.CONDITION_PROGRAMMED)
                        .getReason())
                .isEqualTo(StatusAggregator.REASON_PENDING);
        assertThat(StatusAggregator.find(
                                KindStatuses.REST_API.aggregate(null, 1L, List.of(), DataPlane.NO_GATEWAY, "abc", T1),
                                Crds.CONDITION_PROGRAMMED)
                        .getReason())
                .isEqualTo(StatusAggregator.REASON_NO_GATEWAY);
    }

    @Test
    void transitionTimeIsCarriedForwardWhileTheStatusHolds() {
        RestApiStatus first = KindStatuses.REST_API.aggregate(null, 1L, List.of(), DataPlane.PENDING, "a", T1);
        RestApiStatus second = KindStatuses.REST_API.aggregate(first, 2L, List.of(), DataPlane.PENDING, "b", T2);
        assertThat(StatusAggregator.find(second, Crds.CONDITION_ACCEPTED).getLastTransitionTime())
                .isEqualTo(T1.toString());
        RestApiStatus third =
                KindStatuses.REST_API.aggregate(second, 2L, List.of(), DataPlane.SERVING_CURRENT, "b", T2);
        assertThat(StatusAggregator.find(third, Crds.CONDITION_PROGRAMMED).getLastTransitionTime())
                .isEqualTo(T2.toString());
        assertThat(StatusAggregator.find(third, Crds.CONDITION_ACCEPTED).getLastTransitionTime())
                .isEqualTo(T1.toString());
    }

    @Test
    void sameInputsAtALaterTimeNeedNoPatch() {
        RestApiStatus first = KindStatuses.REST_API.aggregate(null, 1L, List.of(), DataPlane.SERVING_CURRENT, "a", T1);
        RestApiStatus again = KindStatuses.REST_API.aggregate(first, 1L, List.of(), DataPlane.SERVING_CURRENT, "a", T2);
        assertThat(StatusAggregator.changed(first, again)).isFalse();
        assertThat(StatusAggregator.changed(null, again)).isTrue();
        RestApiStatus newGeneration =
                KindStatuses.REST_API.aggregate(first, 2L, List.of(), DataPlane.SERVING_CURRENT, "a", T2);
        assertThat(StatusAggregator.changed(first, newGeneration)).isTrue();
    }

    @Test
    void conditionsAreSortedByType() {
        RestApiStatus s = KindStatuses.REST_API.aggregate(null, 1L, List.of(), DataPlane.PENDING, "a", T1);
        assertThat(s.getConditions()).extracting(c -> c.getType()).containsExactly("Accepted", "Programmed");
    }

    @Test
    void everyReasonIsOneCamelCaseWordAndCompilerReasonsAreSpelledAsLocalModeSpellsThem() {
        Pattern camelCase = Pattern.compile("[A-Z][a-z]+([A-Z][a-z]+)*");
        for (Reason r : Reason.values()) {
            Finding f = new Finding(Severity.ERROR, API, "spec", r, "m");
            String reason = StatusAggregator.find(
                            KindStatuses.REST_API.aggregate(null, 1L, List.of(f), DataPlane.PENDING, "a", T1),
                            Crds.CONDITION_ACCEPTED)
                    .getReason();
            assertThat(reason).matches(camelCase).isEqualTo(r.camelCase());
        }
        assertThat(List.of(
                        StatusAggregator.REASON_ACCEPTED,
                        StatusAggregator.REASON_PROGRAMMED,
                        StatusAggregator.REASON_PENDING,
                        StatusAggregator.REASON_INVALID,
                        StatusAggregator.REASON_NO_GATEWAY,
                        StatusAggregator.REASON_CONFLICT,
                        StatusAggregator.REASON_WRITE_FAILED))
                .allMatch(r -> camelCase.matcher(r).matches());
    }

    @Test
    void refusedResourceIsNotAcceptedWithTheCompilerReason() {
        GatewayStatus s = KindStatuses.GATEWAY.refused(null, 4L, Reason.CONFLICT, "namespace taken", T1);
        var accepted = StatusAggregator.find(s, Crds.CONDITION_ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("Conflict").isEqualTo(StatusAggregator.REASON_CONFLICT);
        assertThat(accepted.getMessage()).isEqualTo("namespace taken");
        assertThat(s.getConditions()).hasSize(1);
        assertThat(s.getObservedGeneration()).isEqualTo(4L);
    }

    @Test
    void noGatewayLeavesAcceptedUnknownAndProgrammedFalse() {
        StageStatus s = KindStatuses.STAGE.noGateway(null, 2L, "namespace ns has no Gateway", T1);
        assertThat(StatusAggregator.find(s, Crds.CONDITION_ACCEPTED).getStatus())
                .isEqualTo("Unknown");
        assertThat(StatusAggregator.find(s, Crds.CONDITION_PROGRAMMED).getStatus())
                .isEqualTo("False");
        assertThat(s.getConditions()).extracting(Condition::getReason).containsOnly(StatusAggregator.REASON_NO_GATEWAY);
    }

    @Test
    void failedWriteKeepsWhatTheCompileFoundAndSaysWhatCouldNotBeWritten() {
        GatewayStatus served = KindStatuses.GATEWAY.aggregate(null, 1L, List.of(), DataPlane.SERVING_CURRENT, "a", T1);
        GatewayStatus failed = KindStatuses.GATEWAY.writeFailed(
                served, 1L, List.of(), "cannot write ConfigMap tollgate-gateway-config: Too long (HTTP 422)", T2);
        assertThat(StatusAggregator.find(failed, Crds.CONDITION_ACCEPTED).getStatus())
                .isEqualTo("True");
        assertThat(StatusAggregator.find(failed, Crds.CONDITION_ACCEPTED).getLastTransitionTime())
                .isEqualTo(T1.toString());
        var programmed = StatusAggregator.find(failed, Crds.CONDITION_PROGRAMMED);
        assertThat(programmed.getStatus()).isEqualTo("False");
        assertThat(programmed.getReason()).isEqualTo(StatusAggregator.REASON_WRITE_FAILED);
        assertThat(programmed.getMessage())
                .contains("ConfigMap tollgate-gateway-config")
                .contains("HTTP 422");
        assertThat(programmed.getLastTransitionTime()).isEqualTo(T2.toString());
        assertThat(StatusAggregator.changed(
                        failed, KindStatuses.GATEWAY.writeFailed(failed, 1L, List.of(), programmed.getMessage(), T2)))
                .isFalse();
    }
}
