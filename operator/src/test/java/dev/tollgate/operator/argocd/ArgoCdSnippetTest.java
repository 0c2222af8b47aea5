package dev.tollgate.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.operator.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The install snippets of the health checks are generated from the health.lua files, so they cannot
 * go stale: argocd/argocd-cm-patch.yaml (merged into argocd-cm), argocd/argo-cd-values.yaml (for
 * the Argo CD Helm chart) and the argocd-cm in docs/operations.md. {@code
 * -Dtollgate.golden.update=true} rewrites them.
 */
class ArgoCdSnippetTest {
    static final Path ROOT = Repo.root();
    static final Path PATCH = ROOT.resolve("argocd/argocd-cm-patch.yaml");
    static final Path VALUES = ROOT.resolve("argocd/argo-cd-values.yaml");
    static final Path DOC = ROOT.resolve("docs/operations.md");
    static final String DOC_BEGIN =
            "<!-- argocd-cm: generated from argocd/resource_customizations by ArgoCdSnippetTest -->";
    static final String DOC_END = "<!-- end of argocd-cm -->";
    static final boolean UPDATE = Boolean.getBoolean("tollgate.golden.update");

    /** The argocd-cm key of a kind's health check. */
    static String key(String kind) {
        return "resource.customizations.health." + Crds.GROUP + "_" + kind;
    }

    /** Every kind's key and script as YAML block scalars, indented by {@code indent} spaces. */
    static String entries(int indent) {
        String pad = " ".repeat(indent);
        StringBuilder out = new StringBuilder();
        for (String kind : HealthChecks.kindsWithFolder()) {
            out.append(pad).append(key(kind)).append(": |\n");
            HealthChecks.script(kind).lines().forEach(line -> out.append(line.isEmpty() ? "" : pad + "  " + line)
                    .append('\n'));
        }
        return out.toString();
    }

    static String patch() {
        return """
                # Tollgate's Argo CD health checks for the argocd-cm ConfigMap, one key per kind. Merge them in:
                #   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file argocd/argocd-cm-patch.yaml
                # Generated from argocd/resource_customizations/apigateway.tollgate.dev/*/health.lua (see
                # docs/operations.md); a test fails when it is stale. Do not edit by hand.
                data:
                """
                + entries(2);
    }

    static String values() {
        return """
                # Tollgate's Argo CD health checks as values of the Argo CD Helm chart (argo/argo-cd), which
                # writes configs.cm into argocd-cm. Pass it with your other values:
                #   helm upgrade argocd argo/argo-cd -n argocd --reuse-values -f argocd/argo-cd-values.yaml
                # Generated from argocd/resource_customizations/apigateway.tollgate.dev/*/health.lua (see
                # docs/operations.md); a test fails when it is stale. Do not edit by hand.
                configs:
                  cm:
                """
                + entries(4);
    }

    static String configMap() {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: argocd-cm
                  namespace: argocd
                  labels:
                    app.kubernetes.io/name: argocd-cm
                    app.kubernetes.io/part-of: argocd
                data:
                """
                + entries(2);
    }

    static String docBlock() {
        return DOC_BEGIN + "\n```yaml\n" + configMap() + "```\n" + DOC_END;
    }

    @Test
    void argocdCmPatchHoldsTheCurrentHealthChecks() {
        assertUpToDate(PATCH, patch());
    }

    @Test
    void argoCdHelmValuesHoldTheCurrentHealthChecks() {
        assertUpToDate(VALUES, values());
    }

    @Test
    void operationsGuideShowsTheCurrentArgocdCm() {
        String doc = HealthChecks.read(DOC);
        int begin = doc.indexOf(DOC_BEGIN);
        int end = doc.indexOf(DOC_END);
        assertThat(begin).as("%s holds %s", DOC, DOC_BEGIN).isNotNegative();
        assertThat(end).as("%s holds %s", DOC, DOC_END).isGreaterThan(begin);
        String current = doc.substring(begin, end + DOC_END.length());
        if (UPDATE && !current.equals(docBlock())) {
            write(DOC, doc.substring(0, begin) + docBlock() + doc.substring(end + DOC_END.length()));
            return;
        }
        assertThat(current)
                .as("the argocd-cm of %s is stale: rerun with -Dtollgate.golden.update=true", DOC)
                .isEqualTo(docBlock());
    }

    @Test
    void eachSnippetGivesArgoCdEveryScriptByteForByte() throws IOException {
        List<String> kinds = HealthChecks.kindsWithFolder();
        assertThat(kinds).isNotEmpty();
        JsonNode patch = ArgoCdLua.YAML.readTree(patch()).path("data");
        JsonNode values = ArgoCdLua.YAML.readTree(values()).path("configs").path("cm");
        JsonNode configMap = ArgoCdLua.YAML.readTree(configMap()).path("data");
        for (JsonNode data : List.of(patch, values, configMap)) {
            assertThat(data.size()).isEqualTo(kinds.size());
            for (String kind : kinds) {
                assertThat(data.path(key(kind)).asText()).as(kind).isEqualTo(HealthChecks.script(kind));
            }
        }
    }

    private static void assertUpToDate(Path file, String expected) {
        if (UPDATE && !(Files.exists(file) && HealthChecks.read(file).equals(expected))) {
            write(file, expected);
            return;
        }
        assertThat(Files.exists(file))
                .as("%s exists (rerun with -Dtollgate.golden.update=true)", file)
                .isTrue();
        assertThat(HealthChecks.read(file))
                .as("%s is stale: rerun with -Dtollgate.golden.update=true", file)
                .isEqualTo(expected);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
