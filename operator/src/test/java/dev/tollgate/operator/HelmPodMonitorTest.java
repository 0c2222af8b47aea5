package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The chart's PodMonitor renders only when enabled, and then selects the data plane pods the
 * operator creates (their labels, their admin port) in the namespaces the operator watches.
 */
class HelmPodMonitorTest {
    static final YAMLMapper YAML = new YAMLMapper();

    static List<JsonNode> render(UnaryOperator<TemplateCommand> values) {
        String yaml = values.apply(new Helm(HelmChartTest.CHART)
                        .template()
                        .withName("tollgate")
                        .withNamespace("tollgate-system"))
                .call();
        List<JsonNode> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            try {
                JsonNode node = YAML.readTree(doc);
                if (node != null && node.has("kind")) {
                    out.add(node);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static List<JsonNode> podMonitors(List<JsonNode> objects) {
        return objects.stream()
                .filter(o -> "PodMonitor".equals(o.path("kind").asText()))
                .toList();
    }

    /** A data plane Deployment as the operator writes it for a Gateway. */
    static Deployment dataPlane() {
        Gateway gw = new Gateway();
        gw.setMetadata(new ObjectMetaBuilder()
                .withName("gateway")
                .withNamespace("team-a")
                .withUid("uid-1")
                .build());
        return DataPlaneResources.deployment(gw, "tollgate/dataplane:0.1.0", "tollgate.dev/gateway");
    }

    @Test
    void noMonitorRendersByDefault() {
        List<JsonNode> objects = render(t -> t);
        assertThat(objects).isNotEmpty();
        assertThat(podMonitors(objects)).isEmpty();
        assertThat(objects)
                .noneMatch(o -> "ServiceMonitor".equals(o.path("kind").asText()));
    }

    @Test
    void enabledPodMonitorScrapesTheAdminPortOfThePodsTheOperatorCreates() {
        List<JsonNode> monitors = render(t -> t.set("metrics.podMonitor.enabled", "true")
                .set("metrics.podMonitor.labels.release", "kube-prometheus-stack"));
        assertThat(monitors = podMonitors(monitors)).hasSize(1);
        JsonNode monitor = monitors.get(0);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.path("metadata").path("namespace").asText()).isEqualTo("tollgate-system");
        assertThat(monitor.path("metadata").path("labels").path("release").asText())
                .isEqualTo("kube-prometheus-stack");

        Deployment deployment = dataPlane();
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = YAML.convertValue(
                monitor.path("spec").path("selector").path("matchLabels"),
                YAML.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
        assertThat(selector).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(selector);
        // Only data plane pods: the selector names the component and who manages it, not one Gateway.
        assertThat(selector).doesNotContainKey("app.kubernetes.io/instance");

        JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(endpoint.path("port").asText());
            assertThat(p.getContainerPort()).isEqualTo(DataPlaneResources.ADMIN_PORT);
        });
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("30s");
        assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
        assertThat(endpoint.path("relabelings").get(0).path("targetLabel").asText())
                .isEqualTo("gateway");
        assertThat(monitor.path("spec").path("namespaceSelector").path("any").asBoolean())
                .isTrue();
    }

    @Test
    void podMonitorLooksOnlyInTheWatchedNamespacesWhenTheOperatorIsLimitedToSome() {
        JsonNode monitor = podMonitors(render(t -> t.set("metrics.podMonitor.enabled", "true")
                        .set("operator.watchNamespaces[0]", "team-a")
                        .set("operator.watchNamespaces[1]", "team-b")))
                .get(0);
        JsonNode selector = monitor.path("spec").path("namespaceSelector");
        assertThat(selector.has("any")).isFalse();
        assertThat(YAML.convertValue(selector.path("matchNames"), List.class)).containsExactly("team-a", "team-b");
    }
}
