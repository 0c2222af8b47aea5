package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    static final boolean UPDATE = Boolean.getBoolean("tollgate.golden.update");

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseCompilesToItsRecordedOutput() {
        List<String> cases = TestInputs.goldenCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) throws IOException {
        Path in = TestInputs.goldenDir().resolve(name + ".in.yaml");
        Path out = TestInputs.goldenDir().resolve(name + ".out.yaml");
        String actual = IrJson.toYaml(TestInputs.run(List.of(TestInputs.read(in))));
        if (UPDATE) {
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(out)
                .as("golden output %s (create it with -Dtollgate.golden.update=true)", out)
                .exists();
        assertThat(actual)
                .as("%s differs from the compiled result; review and refresh with -Dtollgate.golden.update=true", out)
                .isEqualTo(Files.readString(out, StandardCharsets.UTF_8));
    }
}
