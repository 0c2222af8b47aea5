package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.testing.Repo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The chart lints, renders, and its operator Deployment hands the operator the settings it reads,
 * under the environment variable names the operator's configuration maps them from. Expected values
 * come from the chart's own values.yaml and Chart.yaml, and the configuration keys from the
 * operator's code, so a renamed key, a renamed value or a stale default fails here.
 */
class HelmChartTest {
    static final Path CHART = Repo.path("helm/tollgate");
    static final KubernetesSerialization YAML = new KubernetesSerialization();

    static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank() || !doc.contains("kind:")) {
                continue;
            }
            out.add(YAML.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** A YAML file of the chart as nested maps. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> chartFile(String name) throws IOException {
        return YAML.unmarshal(Files.readString(CHART.resolve(name)), Map.class);
    }

    /** {@code a.b.c} of nested maps. */
    @SuppressWarnings("unchecked")
    static String value(Map<String, Object> yaml, String path) {
        Object node = yaml;
        for (String key : path.split("\\.")) {
            node = ((Map<String, Object>) node).get(key);
        }
        return String.valueOf(node);
    }

    /**
     * The environment variable a configuration key is read from (MicroProfile Config: every
     * character that is not a letter or digit becomes an underscore, then upper case).
     */
    static String env(String configKey) {
        return configKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The namespaces setting of a controller, as quarkus-operator-sdk names it. */
    static String watchedNamespacesKey(String controller) {
        return "quarkus.operator-sdk.controllers." + controller + ".namespaces";
    }

    static Container operatorContainer(String renderedYaml) {
        Deployment operator = objects(renderedYaml).stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        return operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static String envValue(Container container, String name) {
        List<EnvVar> matching = container.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .toList();
        assertThat(matching).as("environment variable %s", name).hasSize(1);
        return matching.get(0).getValue();
    }

    @Test
    void chartLintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void operatorDeploymentPassesTheImagesAndWatchedNamespacesTheOperatorReads() throws IOException {
        String yaml = new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("tollgate-system")
                .set("operator.image.repository", "registry.example/tollgate/operator")
                .set("dataplane.image", "registry.example/tollgate/dataplane:9")
                .set("operator.watchNamespaces[0]", "team-a")
                .set("operator.watchNamespaces[1]", "team-b")
                .call();
        Container container = operatorContainer(yaml);
        assertThat(container.getImage())
                .isEqualTo(
                        "registry.example/tollgate/operator:" + value(chartFile("values.yaml"), "operator.image.tag"));
        assertThat(envValue(container, env(GatewayReconciler.DATA_PLANE_IMAGE_PROPERTY)))
                .isEqualTo("registry.example/tollgate/dataplane:9");
        // Both controllers are limited: a Stage in an unwatched namespace is not the operator's to touch.
        for (String controller : List.of(GatewayReconciler.NAME, StageReconciler.NAME)) {
            assertThat(envValue(container, env(watchedNamespacesKey(controller))))
                    .isEqualTo("team-a,team-b");
        }
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains(env("tollgate.leader-election.namespace"));
        assertThat(objects(yaml))
                .filteredOn(ClusterRole.class::isInstance)
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("tollgate-operator", DataPlaneNames.REVIEWS_CLUSTER_ROLE);
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
        Service service = on.stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
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
    void defaultDataPlaneImageIsTheChartsAndTheOperatorsOwnDefault() throws IOException {
        Map<String, Object> values = chartFile("values.yaml");
        String image = value(values, "dataplane.image");
        Container container = operatorContainer(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .call());
        assertThat(envValue(container, env(GatewayReconciler.DATA_PLANE_IMAGE_PROPERTY)))
                .isEqualTo(image);
        // Run without the chart (docs/cluster.md), the operator falls back to the same image.
        Properties operatorDefaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            operatorDefaults.load(in);
        }
        assertThat(operatorDefaults.getProperty(GatewayReconciler.DATA_PLANE_IMAGE_PROPERTY))
                .isEqualTo(image);
        // Both images of a release carry the chart's appVersion.
        String appVersion = value(chartFile("Chart.yaml"), "appVersion");
        assertThat(image).endsWith(":" + appVersion);
        assertThat(value(values, "operator.image.tag")).isEqualTo(appVersion);
        assertThat(container.getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain(env(watchedNamespacesKey(GatewayReconciler.NAME)));
    }

    @Test
    void imageOverridesAreOffAndTheTokenAudienceIsTheOperatorsDefaultUnderItsKeys() throws IOException {
        Map<String, Object> values = chartFile("values.yaml");
        Container container = operatorContainer(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .call());
        Properties operatorDefaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            operatorDefaults.load(in);
        }
        assertThat(value(values, "dataplane.allowImageOverride")).isEqualTo("false");
        assertThat(envValue(container, env(GatewayReconciler.IMAGE_OVERRIDES_PROPERTY)))
                .isEqualTo("false")
                .isEqualTo(operatorDefaults.getProperty(GatewayReconciler.IMAGE_OVERRIDES_PROPERTY));
        assertThat(envValue(container, env(GatewayReconciler.TOKEN_AUDIENCE_PROPERTY)))
                .isEqualTo(value(values, "dataplane.tokenAudience"))
                .isEqualTo(operatorDefaults.getProperty(GatewayReconciler.TOKEN_AUDIENCE_PROPERTY))
                .isEqualTo("tollgate.dev/gateway");
        Container allowed = operatorContainer(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .set("dataplane.allowImageOverride", "true")
                .set("dataplane.tokenAudience", "gateway.example")
                .call());
        assertThat(envValue(allowed, env(GatewayReconciler.IMAGE_OVERRIDES_PROPERTY)))
                .isEqualTo("true");
        assertThat(envValue(allowed, env(GatewayReconciler.TOKEN_AUDIENCE_PROPERTY)))
                .isEqualTo("gateway.example");
    }

    @Test
    void dataPlaneReviewRoleHoldsOnlyTheTwoReviewsAndTheOperatorMayBindOnlyIt() {
        List<HasMetadata> objects = objects(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .call());
        ClusterRole reviews = (ClusterRole) objects.stream()
                .filter(o -> o instanceof ClusterRole
                        && o.getMetadata().getName().equals(DataPlaneNames.REVIEWS_CLUSTER_ROLE))
                .findFirst()
                .orElseThrow();
        assertThat(reviews.getRules())
                .extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
                .containsExactlyInAnyOrder(
                        "[authentication.k8s.io] [tokenreviews] [create]",
                        "[authorization.k8s.io] [subjectaccessreviews] [create]");
        ClusterRole operator = (ClusterRole) objects.stream()
                .filter(o ->
                        o instanceof ClusterRole && o.getMetadata().getName().equals("tollgate-operator"))
                .findFirst()
                .orElseThrow();
        assertThat(operator.getRules())
                .filteredOn(r -> r.getVerbs().contains("bind"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getResources()).containsExactly("clusterroles");
                    assertThat(r.getResourceNames()).containsExactly(DataPlaneNames.REVIEWS_CLUSTER_ROLE);
                    assertThat(r.getVerbs()).containsExactly("bind");
                });
    }

    @Test
    void networkPolicyIsOffByDefaultAndWhenOnKeepsTheAdminPortToTheListedPeers() {
        assertThat(objects(new Helm(CHART)
                        .template()
                        .withName("tollgate")
                        .withNamespace("ns")
                        .call()))
                .noneMatch(NetworkPolicy.class::isInstance);
        List<HasMetadata> on = objects(new Helm(CHART)
                .template()
                .withName("tollgate")
                .withNamespace("ns")
                .set("dataplane.networkPolicy.enabled", "true")
                .set("dataplane.networkPolicy.namespaces[0]", "team-a")
                .set("dataplane.networkPolicy.namespaces[1]", "team-b")
                .set("dataplane.networkPolicy.adminFrom[0].namespaceSelector.matchLabels.name", "monitoring")
                .call());
        List<NetworkPolicy> policies = on.stream()
                .filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .toList();
        assertThat(policies).extracting(p -> p.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        NetworkPolicy p = policies.get(0);
        assertThat(p.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(DataPlaneNames.NAME_LABEL, "tollgate-dataplane");
        assertThat(p.getSpec().getIngress()).hasSize(2);
        var traffic = p.getSpec().getIngress().get(0);
        assertThat(traffic.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .containsExactly(8080, 8443);
        assertThat(traffic.getFrom()).isNullOrEmpty();
        var admin = p.getSpec().getIngress().get(1);
        assertThat(admin.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .containsExactly(9000);
        assertThat(admin.getFrom()).singleElement().satisfies(peer -> assertThat(
                        peer.getNamespaceSelector().getMatchLabels())
                .containsEntry("name", "monitoring"));
    }
}
