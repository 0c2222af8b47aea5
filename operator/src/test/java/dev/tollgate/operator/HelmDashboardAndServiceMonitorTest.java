package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.operator.dependents.DataPlaneResources;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard ConfigMap and ServiceMonitor render only when enabled; the
 * dashboard is the chart's JSON file as is, and the ServiceMonitor reaches the admin port of the
 * data plane pods the operator creates through headless Services in the Gateways' namespaces.
 */
class HelmDashboardAndServiceMonitorTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    @Test
    void neitherDashboardNorServiceMonitorRendersByDefault() {
        List<JsonNode> objects = HelmPodMonitorTest.render(t -> t);
        assertThat(ofKind(objects, "ServiceMonitor")).isEmpty();
        assertThat(objects)
                .noneMatch(o -> o.path("metadata").path("name").asText().equals("tollgate-dashboard"));
    }

    @Test
    void enabledDashboardIsAConfigMapTheGrafanaSidecarLoadsHoldingTheChartsJson() throws IOException {
        List<JsonNode> maps = ofKind(
                HelmPodMonitorTest.render(t ->
                        t.set("metrics.dashboard.enabled", "true").set("metrics.dashboard.namespace", "monitoring")),
                "ConfigMap");
        JsonNode map = maps.stream()
                .filter(m -> m.path("metadata").path("name").asText().equals("tollgate-dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(map.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
        assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText())
                .isEqualTo("1");
        JsonNode rendered = JSON.readTree(map.path("data").path("tollgate.json").asText());
        JsonNode file = JSON.readTree(Files.readString(HelmChartTest.CHART.resolve("dashboards/tollgate.json")));
        assertThat(rendered).isEqualTo(file);
        assertThat(rendered.path("uid").asText()).isEqualTo("tollgate-gateway");
    }

    @Test
    void enabledServiceMonitorScrapesTheAdminPortThroughHeadlessServicesInTheGatewaysNamespaces() {
        List<JsonNode> objects = HelmPodMonitorTest.render(t -> t.set("metrics.serviceMonitor.enabled", "true")
                .set("metrics.serviceMonitor.labels.release", "kube-prometheus-stack")
                .set("operator.watchNamespaces[0]", "team-a")
                .set("operator.watchNamespaces[1]", "team-b"));
        List<JsonNode> services = ofKind(objects, "Service").stream()
                .filter(s -> s.path("metadata").path("name").asText().equals("tollgate-dataplane-metrics"))
                .toList();
        assertThat(services)
                .extracting(s -> s.path("metadata").path("namespace").asText())
                .containsExactly("team-a", "team-b");
        JsonNode service = services.get(0);
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");

        Deployment deployment = HelmPodMonitorTest.dataPlane();
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = HelmPodMonitorTest.YAML.convertValue(
                service.path("spec").path("selector"),
                HelmPodMonitorTest.YAML.getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
        assertThat(podLabels).containsAllEntriesOf(selector);
        JsonNode port = service.path("spec").path("ports").get(0);
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo(port.path("targetPort").asText());
                    assertThat(p.getContainerPort()).isEqualTo(DataPlaneResources.ADMIN_PORT);
                });

        JsonNode monitor = ofKind(objects, "ServiceMonitor").get(0);
        assertThat(monitor.path("metadata").path("labels").path("release").asText())
                .isEqualTo("kube-prometheus-stack");
        JsonNode monitorSelector = monitor.path("spec").path("selector").path("matchLabels");
        monitorSelector.fields().forEachRemaining(e -> assertThat(
                        service.path("metadata").path("labels").path(e.getKey()).asText())
                .isEqualTo(e.getValue().asText()));
        assertThat(HelmPodMonitorTest.YAML.convertValue(
                        monitor.path("spec").path("namespaceSelector").path("matchNames"), List.class))
                .containsExactly("team-a", "team-b");
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo(port.path("name").asText());
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    }

    @Test
    void serviceMonitorWithoutNamespacesIsRefusedPointingToThePodMonitor() {
        assertThatThrownBy(() -> HelmPodMonitorTest.render(t -> t.set("metrics.serviceMonitor.enabled", "true")))
                .hasMessageContaining("metrics.podMonitor");
    }

    @Test
    void schemaRefusesADashboardSwitchThatIsNotABoolean() {
        assertThatThrownBy(() -> HelmPodMonitorTest.render(t -> t.set("metrics.dashboard.enabled", "\"yes\"")))
                .hasMessageContaining("enabled");
    }
}
