package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same resources compile to byte-identical IR and the same config id, in any input order. */
class DeterminismTest {

    @Test
    void compilingTwiceGivesIdenticalJsonAndConfigId() {
        NamespaceSnapshot snapshot = snapshot("valid-rest-mock-and-proxy");
        CompileResult first = new Compiler().compile(snapshot);
        CompileResult second = new Compiler().compile(snapshot);
        assertThat(IrJson.toJson(second.config())).isEqualTo(IrJson.toJson(first.config()));
        assertThat(second.config().configId())
                .isEqualTo(first.config().configId())
                .hasSize(64);
        assertThat(second.findings()).isEqualTo(first.findings());
    }

    @Test
    void shuffledInputListsGiveTheSameConfigAndFindings() {
        for (String name : List.of(
                "valid-domain-mappings-and-gateway-suffix",
                "duplicate-paths-and-methods",
                "invalid-stages-and-domains",
                "valid-url-stage-variables-two-stages")) {
            NamespaceSnapshot snapshot = snapshot(name);
            CompileResult expected = new Compiler().compile(snapshot);
            Random random = new Random(name.hashCode());
            for (int round = 0; round < 5; round++) {
                NamespaceSnapshot shuffled = snapshot.withRestApis(shuffle(snapshot.restApis(), random))
                        .withIntegrations(shuffle(snapshot.integrations(), random))
                        .withStages(shuffle(snapshot.stages(), random))
                        .withUsagePlans(shuffle(snapshot.usagePlans(), random))
                        .withApiKeys(shuffle(snapshot.apiKeys(), random))
                        .withDomainNames(shuffle(snapshot.domainNames(), random))
                        .withGateways(shuffle(snapshot.gateways(), random))
                        .withServices(shuffle(snapshot.services(), random))
                        .withSecrets(shuffle(snapshot.secrets(), random))
                        .withReferenceGrants(shuffle(snapshot.referenceGrants(), random));
                CompileResult actual = new Compiler().compile(shuffled);
                assertThat(IrJson.toJson(actual.config())).as(name).isEqualTo(IrJson.toJson(expected.config()));
                assertThat(actual.findings()).as(name).isEqualTo(expected.findings());
            }
        }
    }

    @Test
    void configIdIsTheHashOfTheConfigWithABlankId() {
        CompileResult result = new Compiler().compile(snapshot("valid-rest-mock-and-proxy"));
        assertThat(IrJson.configId(result.config())).isEqualTo(result.config().configId());
        assertThat(IrJson.fromJson(IrJson.toJson(result.config()))).isEqualTo(result.config());
    }

    @Test
    void differentContentGivesADifferentConfigId() {
        String a = new Compiler()
                .compile(snapshot("valid-rest-mock-and-proxy"))
                .config()
                .configId();
        String b = new Compiler()
                .compile(snapshot("valid-http-api-default-route"))
                .config()
                .configId();
        assertThat(a).isNotEqualTo(b);
    }

    private static NamespaceSnapshot snapshot(String goldenCase) {
        SourceDocument source = TestInputs.read(TestInputs.goldenDir().resolve(goldenCase + ".in.yaml"));
        return ResourceLoader.load(List.of(source)).snapshots().get("default");
    }

    private static <T> List<T> shuffle(List<T> in, Random random) {
        List<T> out = new ArrayList<>(in);
        Collections.shuffle(out, random);
        return out;
    }
}
