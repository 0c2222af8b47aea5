package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.Stage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The same resources compile to byte-identical IR and the same config id, in any input order; the
 * id is the SHA-256 of the canonical JSON with a blank id, so any change of content changes it.
 */
class DeterminismTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Test
    void compilingTwiceGivesIdenticalJsonAndConfigId() {
        NamespaceSnapshot snapshot = TestInputs.goldenSnapshot("valid-rest-mock-and-proxy");
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
                "valid-url-stage-variables-two-stages",
                "valid-usage-plans-keys-throttles-cache")) {
            NamespaceSnapshot snapshot = TestInputs.goldenSnapshot(name);
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
    void configIdIsSha256OfTheCanonicalJsonWithABlankId() throws Exception {
        for (String name : List.of("valid-rest-mock-and-proxy", "valid-usage-plans-keys-throttles-cache")) {
            GatewayConfigJson json = GatewayConfigJson.of(new Compiler().compile(TestInputs.goldenSnapshot(name)));
            assertThat(json.isCanonical())
                    .as("%s: keys sorted at every level, no whitespace", name)
                    .isTrue();
            assertThat(json.configId()).as(name).isEqualTo(sha256Hex(json.withBlankConfigId()));
        }
    }

    @Test
    void changingOneFieldChangesTheConfigIdAndChangingItBackRestoresIt() {
        NamespaceSnapshot snapshot = TestInputs.goldenSnapshot("valid-url-stage-variables-two-stages");
        String original = new Compiler().compile(snapshot).config().configId();
        Stage stage = snapshot.stages().get(0);
        Map<String, String> before = new TreeMap<>(stage.getSpec().getVariables());
        Map<String, String> changed = new TreeMap<>(before);
        String variable = changed.keySet().iterator().next();
        changed.put(variable, changed.get(variable) + "x");
        stage.getSpec().setVariables(changed);
        CompileResult edited = new Compiler().compile(snapshot);
        assertThat(edited.hasErrors()).isFalse();
        assertThat(edited.config().configId()).isNotEqualTo(original);
        stage.getSpec().setVariables(before);
        assertThat(new Compiler().compile(snapshot).config().configId()).isEqualTo(original);
    }

    @Test
    void canonicalJsonReadsBackToAnEqualConfig() {
        CompileResult result = new Compiler().compile(TestInputs.goldenSnapshot("valid-rest-mock-and-proxy"));
        assertThat(IrJson.fromJson(IrJson.toJson(result.config()))).isEqualTo(result.config());
    }

    /** The production JSON of a config, checked and re-hashed here without the production hash code. */
    private record GatewayConfigJson(String text, JsonNode tree) {
        static GatewayConfigJson of(CompileResult result) throws Exception {
            String text = IrJson.toJson(result.config());
            return new GatewayConfigJson(text, PLAIN.readTree(text));
        }

        String configId() {
            return tree.path("configId").asText();
        }

        boolean isCanonical() throws Exception {
            return sorted(tree) && PLAIN.writeValueAsString(tree).equals(text);
        }

        String withBlankConfigId() {
            String field = "\"configId\":\"" + configId() + "\"";
            assertThat(text.indexOf(field)).isEqualTo(text.lastIndexOf(field)).isNotNegative();
            return text.replace(field, "\"configId\":\"\"");
        }

        // Properties are sorted at every level; a variant's "type" id comes first, where Jackson writes it.
        private static boolean sorted(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (!names.isEmpty() && names.get(0).equals("type")) {
                names.remove(0);
            }
            List<String> expected = new ArrayList<>(names);
            Collections.sort(expected);
            if (!names.equals(expected)) {
                return false;
            }
            for (JsonNode child : node) {
                if (!sorted(child)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> List<T> shuffle(List<T> in, Random random) {
        List<T> out = new ArrayList<>(in);
        Collections.shuffle(out, random);
        return out;
    }
}
