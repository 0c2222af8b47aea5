package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.testing.GoldenFile;
import dev.tollgate.compiler.testing.TestInputs;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each {@code golden/<case>.in.yaml} loads and compiles to exactly {@code <case>.out.yaml}: the IR
 * as canonical YAML and every finding. {@code -Dtollgate.golden.update=true} rewrites the outputs.
 */
class GoldenFilesTest {

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseCompilesToItsRecordedOutput() {
        List<String> cases = TestInputs.goldenCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        Path in = TestInputs.goldenDir().resolve(name + ".in.yaml");
        String actual = IrJson.toYaml(TestInputs.run(List.of(TestInputs.read(in))));
        GoldenFile.assertMatches(TestInputs.goldenDir().resolve(name + ".out.yaml"), actual);
    }
}
