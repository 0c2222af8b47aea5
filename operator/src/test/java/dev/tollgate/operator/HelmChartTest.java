package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart lints, renders, and its manifests reference the images and settings the operator reads. */
class HelmChartTest {
    static final Path CHART = CrdSetup.repoRoot().resolve("helm/tollgate");

    static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> out = new java.util.ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank() || !doc.contains("kind:")) {
                continue;
            }
            out.add(Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    @Test
    void chartLintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void operatorDeploymentReferencesTheImagesAndLimitsNamespacesWhenAsked() {
        String yaml = new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .set("operator.image.repository", "registry.example/tollgate/operator")
                .set("dataplane.image", "registry.example/tollgate/dataplane:9")
                .set("operator.watchNamespaces[0]", "team-a")
                .set("operator.watchNamespaces[1]", "team-b")
                .call();
        List<HasMetadata> objects = objects(yaml);
        Deployment operator = objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        var container =
                operator.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/tollgate/operator:0.1.0");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_DATAPLANE_IMAGE");
            assertThat(e.getValue()).isEqualTo("registry.example/tollgate/dataplane:9");
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("QUARKUS_OPERATOR_SDK_CONTROLLERS_GATEWAY_NAMESPACES");
            assertThat(e.getValue()).isEqualTo("team-a,team-b");
        });
        assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("tollgate-operator");
        assertThat(objects).filteredOn(ClusterRole.class::isInstance).hasSize(1);
    }

    @Test
    void controlApiIsOffByDefaultAndWhenEnabledGetsItsServicePortAndRules() {
        List<HasMetadata> off = objects(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .call());
        assertThat(off).noneMatch(o -> o.getMetadata().getName().equals("tollgate-control-api"));
        List<HasMetadata> on = objects(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .set("controlApi.enabled", "true")
                .call());
        io.fabric8.kubernetes.api.model.Service service = on.stream()
                .filter(io.fabric8.kubernetes.api.model.Service.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals("tollgate-control-api"))
                .findFirst()
                .orElseThrow();
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("control-api");
        });
        var container = on.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("control-api");
            assertThat(p.getContainerPort()).isEqualTo(8090);
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_CONTROL_API_ENABLED");
            assertThat(e.getValue()).isEqualTo("true");
        });
        ClusterRole rules = on.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("tollgate-control-api"))
                .findFirst()
                .orElseThrow();
        assertThat(rules.getRules()).anySatisfy(r -> {
            assertThat(r.getResources()).contains("subjectaccessreviews");
            assertThat(r.getVerbs()).containsExactly("create");
        });
    }

    @Test
    void defaultDataPlaneImageMatchesTheOperatorDefault() {
        String yaml = new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .call();
        Deployment operator = objects(yaml).stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(operator.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("tollgate/dataplane:0.1.0"));
    }
}
