package dev.tollgate.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.tollgate.operator.argocd.ArgoCdLua.HealthStatus;
import dev.tollgate.operator.argocd.ArgoCdLua.Libraries;
import dev.tollgate.operator.argocd.HealthChecks.Case;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every Tollgate health check on every fixture its health_test.yaml lists, as Argo CD's own
 * test of its built-in checks does (util/lua/health_test.go), with both library sets Argo CD uses.
 */
class ArgoCdHealthChecksTest {
    @Test
    void everyKindOfTheGroupHasAHealthCheckWithTestsAndNoOtherKindDoes() {
        Set<String> kinds = HealthChecks.crdKinds().keySet();
        assertThat(kinds).as("kinds read from the chart's CRDs").isNotEmpty();
        assertThat(HealthChecks.kindsWithFolder()).containsExactlyInAnyOrderElementsOf(kinds);
        for (String kind : kinds) {
            assertThat(HealthChecks.GROUP_DIR.resolve(kind).resolve("health.lua"))
                    .as(kind)
                    .isRegularFile();
            assertThat(HealthChecks.cases(kind)).as(kind + "/health_test.yaml").isNotEmpty();
        }
    }

    @Test
    void everyFixtureIsListedInItsHealthTestAndEveryListedFixtureExists() {
        for (String kind : HealthChecks.kindsWithFolder()) {
            Set<String> listed = HealthChecks.cases(kind).stream()
                    .map(Case::inputPath)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(listed).as(kind).containsExactlyInAnyOrderElementsOf(HealthChecks.testdata(kind));
        }
    }

    @Test
    void kindsWithStatusShareOneScriptWhoseTestsReachEveryOutcome() {
        List<String> withStatus = HealthChecks.crdKinds().entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(withStatus).isNotEmpty();
        String shared = HealthChecks.script(withStatus.get(0));
        for (String kind : withStatus) {
            // Argo CD reads one file per kind and has no includes: the copies must not drift apart.
            assertThat(HealthChecks.script(kind)).as(kind).isEqualTo(shared);
            assertThat(HealthChecks.cases(kind).stream().map(c -> c.expected().status()))
                    .as(kind)
                    .contains("Healthy", "Progressing", "Degraded");
        }
    }

    @TestFactory
    List<DynamicTest> everyHealthCheckGivesEachFixtureTheHealthItsTestExpects() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : HealthChecks.kindsWithFolder()) {
            String script = HealthChecks.script(kind);
            for (Case c : HealthChecks.cases(kind)) {
                for (Libraries libraries : Libraries.values()) {
                    tests.add(dynamicTest(kind + "/" + c.inputPath() + " (" + libraries + ")", () -> {
                        assertThat(Files.isRegularFile(c.input()))
                                .as(c.input().toString())
                                .isTrue();
                        HealthStatus health = ArgoCdLua.health(script, ArgoCdLua.readYaml(c.input()), libraries);
                        assertThat(health).isEqualTo(c.expected());
                    }));
                }
            }
        }
        assertThat(tests).isNotEmpty();
        return tests;
    }
}
