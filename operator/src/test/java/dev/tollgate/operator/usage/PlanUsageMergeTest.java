package dev.tollgate.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.crds.v1alpha1.UsagePlanUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging the data plane pods' {@code /usage} answers into a UsagePlan's status usage. */
class PlanUsageMergeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode answer(long alice, long bob) throws Exception {
        return JSON.readTree(
                """
                {"found": true, "namespace": "ns", "plan": "gold",
                 "keys": {"alice": {"used": %d, "remaining": 0}, "bob": {"used": %d, "remaining": 0}},
                 "quota": {"limit": 10, "period": "DAY", "offset": 0,
                           "periodStart": "2026-03-02T00:00:00Z", "periodEnd": "2026-03-03T00:00:00Z"}}
                """
                        .formatted(alice, bob));
    }

    static List<String> keys(UsagePlanUsage u) {
        return u.getKeys().stream()
                .map(k -> k.getApiKey() + "=" + k.getUsed() + "/" + k.getRemaining())
                .toList();
    }

    @Test
    void replicasWithTheirOwnCountersAddUpCappedAtTheLimit() throws Exception {
        UsagePlanUsage u = PlanUsageMerge.merge(List.of(answer(3, 6), answer(4, 6)), false, "now");
        assertThat(keys(u)).containsExactly("alice=7/3", "bob=10/0");
        assertThat(u.getLimit()).isEqualTo(10L);
        assertThat(u.getPeriodStart()).isEqualTo("2026-03-02T00:00:00Z");
    }

    @Test
    void replicasSharingARedisReportTheLargestFigure() throws Exception {
        UsagePlanUsage u = PlanUsageMerge.merge(List.of(answer(3, 1), answer(4, 1)), true, "now");
        assertThat(keys(u)).containsExactly("alice=4/6", "bob=1/9");
    }

    @Test
    void noPodWithThePlansQuotaGivesNoUsage() throws Exception {
        assertThat(PlanUsageMerge.merge(List.of(JSON.readTree("{\"found\": false, \"plan\": \"gold\"}")), false, "now"))
                .isNull();
        assertThat(PlanUsageMerge.merge(List.of(), false, "now")).isNull();
    }

    @Test
    void usagesReadAtDifferentTimesWithTheSameFiguresAreTheSame() throws Exception {
        UsagePlanUsage a = PlanUsageMerge.merge(List.of(answer(1, 2)), false, "t1");
        UsagePlanUsage b = PlanUsageMerge.merge(List.of(answer(1, 2)), false, "t2");
        assertThat(PlanUsageMerge.same(a, b)).isTrue();
        assertThat(PlanUsageMerge.same(a, PlanUsageMerge.merge(List.of(answer(2, 2)), false, "t1")))
                .isFalse();
    }
}
