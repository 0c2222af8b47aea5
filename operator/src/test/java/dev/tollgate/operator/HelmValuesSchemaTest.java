package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/tollgate/values.schema.json describes every key of values.yaml with its type, and Helm
 * (lint, template, install) refuses values of the wrong type or shape before anything renders.
 */
class HelmValuesSchemaTest {
    static final Path SCHEMA = HelmChartTest.CHART.resolve("values.schema.json");
    static final Path VALUES = HelmChartTest.CHART.resolve("values.yaml");

    static Helm chart() {
        return new Helm(HelmChartTest.CHART);
    }

    static String template(Path valuesFile) {
        return chart().template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .withValuesFile(valuesFile)
                .call();
    }

    static Path values(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("values-" + Math.abs(yaml.hashCode()) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void schemaAcceptsTheDefaultValues() {
        String yaml = chart().template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .withValuesFile(VALUES)
                .call();
        assertThat(HelmChartTest.objects(yaml)).isNotEmpty();
    }

    @Test
    void schemaAcceptsTheValuesTheDocsShow(@TempDir Path dir) throws IOException {
        String yaml = template(
                values(
                        dir,
                        """
                operator:
                  image:
                    repository: registry.example/tollgate/operator
                    tag: "0.2.0"
                    pullPolicy: Always
                  replicas: 2
                  resources:
                    requests: {cpu: 250m, memory: 512Mi}
                    limits: {cpu: 1, memory: 1Gi}
                  watchNamespaces: [team-a, team-b]
                dataplane:
                  image: registry.example/tollgate/dataplane:0.2.0
                metrics:
                  podMonitor:
                    enabled: true
                    interval: 1m30s
                    scrapeTimeout: 15s
                    labels: {release: kube-prometheus-stack}
                    honorLabels: false
                """));
        assertThat(yaml).contains("kind: PodMonitor");
    }

    @Test
    void schemaRefusesValuesOfTheWrongType(@TempDir Path dir) throws IOException {
        List<String> wrong = List.of(
                "operator: {replicas: two}",
                "operator: {replicas: -1}",
                "operator: {image: {tag: 0.2}}",
                "operator: {image: {pullPolicy: Sometimes}}",
                "operator: {watchNamespaces: team-a}",
                "operator: {watchNamespaces: [Team_A]}",
                "operator: {resources: {requests: {memory: lots}}}",
                "dataplane: {image: 7}",
                "metrics: {podMonitor: {enabled: \"yes\"}}",
                "metrics: {podMonitor: {interval: 30 seconds}}",
                "metrics: {podMonitor: {scrapeTimeout: \"\"}}",
                "metrics: {podMonitor: {labels: {release: [a]}}}");
        for (String yaml : wrong) {
            Path file = values(dir, yaml);
            assertThatThrownBy(() -> template(file))
                    .as(yaml)
                    .hasMessageContaining("values don't meet the specifications of the schema");
        }
    }

    @Test
    void schemaRefusesAMisspelledKey() {
        assertThatThrownBy(() -> chart().template()
                        .withName("tollgate")
                        .withNamespace("tollgate-system")
                        .set("operator.replica", "2")
                        .call())
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> chart().template()
                        .withName("tollgate")
                        .withNamespace("tollgate-system")
                        .set("metrics.serviceMonitor.enabled", "true")
                        .call())
                .hasMessageContaining("serviceMonitor");
    }

    @Test
    void schemaGivesEveryKeyOfValuesYamlAType() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        JsonNode values = new YAMLMapper().readTree(VALUES.toFile());
        List<String> undescribed = new ArrayList<>();
        describe(schema, schema, values, "", undescribed);
        assertThat(undescribed)
                .as("keys of values.yaml the schema does not describe")
                .isEmpty();
    }

    /** Collects each path of {@code value} that {@code node} gives no type or no property for. */
    private static void describe(JsonNode schema, JsonNode node, JsonNode value, String path, List<String> out) {
        node = resolve(schema, node);
        if (!node.has("type") && !node.has("oneOf")) {
            out.add(path + " (no type)");
            return;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode property = node.path("properties").get(field.getKey());
                if (property == null && node.path("additionalProperties").isObject()) {
                    property = node.get("additionalProperties");
                }
                if (property == null) {
                    out.add(child);
                } else {
                    describe(schema, property, field.getValue(), child, out);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                describe(schema, node.path("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema, JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            node = schema.at(ref.substring(1));
        }
        return node;
    }
}
