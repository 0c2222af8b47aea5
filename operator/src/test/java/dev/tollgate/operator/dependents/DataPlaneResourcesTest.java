package dev.tollgate.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.PodDisruptionBudgetSettings;
import dev.tollgate.operator.testing.TestGateways;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DataPlaneResourcesTest {
    static Gateway gateway(Integer replicas) {
        return TestGateways.gateway(replicas);
    }

    @Test
    void smallConfigIsPlainJsonAndLargeConfigIsGzipped() throws IOException {
        ConfigMap small = DataPlaneResources.configMap(gateway(1), "id1", "{\"a\":1}");
        assertThat(small.getData()).containsEntry("config.json", "{\"a\":1}");
        assertThat(small.getBinaryData()).isNullOrEmpty();
        assertThat(small.getMetadata().getAnnotations()).containsEntry(DataPlaneNames.CONFIG_ID_ANNOTATION, "id1");

        String large = "{\"x\":\"" + "y".repeat(DataPlaneResources.COMPRESS_ABOVE_BYTES) + "\"}";
        ConfigMap big = DataPlaneResources.configMap(gateway(1), "id2", large);
        assertThat(big.getData()).isNullOrEmpty();
        byte[] gz = Base64.getDecoder().decode(big.getBinaryData().get("config.json.gz"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(large);
        }
    }

    @Test
    void deploymentRollsWithNoUnavailablePodAndProbesTheAdminPort() {
        Deployment d = DataPlaneResources.deployment(gateway(3), "img:1", "tollgate.dev/gateway");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("img:1");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getPorts())
                .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(DataPlaneResources.ADMIN_PORT));
        assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid())
                .isEqualTo("uid-1"));
    }

    @Test
    void deploymentNamesTheGatewayServiceWhoseReadyPodsSplitLambdaEndpoints() {
        var c = DataPlaneResources.deployment(gateway(1), "img:1", "tollgate.dev/gateway")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_SERVICE");
            assertThat(e.getValue())
                    .isEqualTo(
                            DataPlaneResources.service(gateway(1)).getMetadata().getName());
        });
    }

    @Test
    void deploymentNamesAndMountsTheDataPlaneSecret() {
        var pod = DataPlaneResources.deployment(gateway(1), "img:1", "tollgate.dev/gateway")
                .getSpec()
                .getTemplate()
                .getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_SECRET");
            assertThat(e.getValue()).isEqualTo("tollgate-gw-secrets");
        });
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_SECRET_DIR");
            assertThat(e.getValue()).isEqualTo(DataPlaneResources.SECRET_MOUNT);
        });
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("secrets");
            assertThat(m.getMountPath()).isEqualTo(DataPlaneResources.SECRET_MOUNT);
        });
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("secrets"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("tollgate-gw-secrets"));
    }

    @Test
    void httpsListenerOfTheGatewayOpensTheTlsPortInThePodAndTheService() {
        Gateway plain = gateway(1);
        assertThat(DataPlaneResources.deployment(plain, "img:1", "tollgate.dev/gateway")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .doesNotContain("--https-port");
        assertThat(DataPlaneResources.service(plain).getSpec().getPorts()).hasSize(1);

        Gateway tls = gateway(1);
        var listeners = new dev.tollgate.crds.v1alpha1.Listeners();
        var https = new dev.tollgate.crds.v1alpha1.HttpsListener();
        https.setPort(443);
        listeners.setHttps(https);
        tls.getSpec().setListeners(listeners);
        var c = DataPlaneResources.deployment(tls, "img:1", "tollgate.dev/gateway")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(c.getArgs()).containsSequence("--https-port", String.valueOf(DataPlaneResources.HTTPS_PORT));
        assertThat(c.getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("https"));
        assertThat(DataPlaneResources.service(tls).getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
        });
    }

    @Test
    void gatewayImageIsIgnoredUnlessTheOperatorPermitsOverrides() {
        Gateway gw = gateway(1);
        gw.getSpec().setImage("mine:2");
        assertThat(DataPlaneResources.image(gw, "img:1", false)).isEqualTo("img:1");
        assertThat(DataPlaneResources.imageIgnored(gw, false)).isTrue();
        assertThat(DataPlaneResources.image(gw, "img:1", true)).isEqualTo("mine:2");
        assertThat(DataPlaneResources.imageIgnored(gw, true)).isFalse();
        assertThat(DataPlaneResources.imageIgnored(gateway(1), false)).isFalse();
        assertThat(DataPlaneResources.deployment(gw, DataPlaneResources.image(gw, "img:1", false), "aud")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("img:1");
    }

    @Test
    void reviewsBindingGrantsTheChartsReviewRoleToTheDataPlaneServiceAccountOnly() {
        var binding = DataPlaneResources.reviewsBinding(gateway(1));
        assertThat(binding.getMetadata().getNamespace()).isNull();
        assertThat(binding.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(DataPlaneNames.REVIEWS_CLUSTER_ROLE);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(DataPlaneNames.base("gw"));
            assertThat(s.getNamespace())
                    .isEqualTo(binding.getMetadata().getLabels().get(DataPlaneNames.NAMESPACE_LABEL));
        });
    }

    @Test
    void disruptionBudgetKeepsOnePodWhenThereAreSeveralUnlessTheGatewaySaysOtherwise() {
        assertThat(DataPlaneResources.podDisruptionBudget(gateway(1))
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isZero();
        assertThat(DataPlaneResources.podDisruptionBudget(gateway(2))
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(1);
        Gateway gw = gateway(4);
        PodDisruptionBudgetSettings pdb = new PodDisruptionBudgetSettings();
        pdb.setMinAvailable(3);
        gw.getSpec().setPodDisruptionBudget(pdb);
        assertThat(DataPlaneResources.podDisruptionBudget(gw)
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(3);
    }

    @Test
    void disruptionBudgetIsWantedOnlyWhenItKeepsAPodAvailable() {
        assertThat(DataPlaneResources.wantsPodDisruptionBudget(gateway(1))).isFalse();
        assertThat(DataPlaneResources.wantsPodDisruptionBudget(gateway(2))).isTrue();
        Gateway gw = gateway(4);
        PodDisruptionBudgetSettings pdb = new PodDisruptionBudgetSettings();
        pdb.setMinAvailable(0);
        gw.getSpec().setPodDisruptionBudget(pdb);
        assertThat(DataPlaneResources.wantsPodDisruptionBudget(gw)).isFalse();
        pdb.setMinAvailable(1);
        assertThat(DataPlaneResources.wantsPodDisruptionBudget(gateway(1))).isFalse();
        Gateway one = gateway(1);
        one.getSpec().setPodDisruptionBudget(pdb);
        assertThat(DataPlaneResources.wantsPodDisruptionBudget(one)).isTrue();
    }

    @Test
    void secretIsWantedOnlyWhenTheConfigReferencesSecretValues() {
        TreeMap<String, byte[]> parts = new TreeMap<>();
        assertThat(DataPlaneResources.wantsSecret(parts)).isFalse();
        parts.put("a-tls.tls.crt", "CERT".getBytes(StandardCharsets.UTF_8));
        assertThat(DataPlaneResources.wantsSecret(parts)).isTrue();
    }

    @Test
    void dataPlaneRoleReadsOnlyItsOwnConfigMapAndSecretAndWatchesEndpointSlices() {
        var all = DataPlaneResources.role(gateway(1)).getRules();
        assertThat(all)
                .filteredOn(r -> r.getApiGroups().contains("discovery.k8s.io"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getResources()).containsExactly("endpointslices");
                    assertThat(r.getVerbs()).containsExactly("list", "watch");
                });
        var rules = all.stream()
                .filter(r -> !r.getApiGroups().contains("discovery.k8s.io"))
                .toList();
        assertThat(rules).allSatisfy(r -> assertThat(r.getResourceNames()).hasSize(1));
        assertThat(rules)
                .extracting(r -> r.getResourceNames().get(0))
                .containsExactlyInAnyOrder("tollgate-gw-config", "tollgate-gw-secrets", "tollgate-gw-served");
        assertThat(rules)
                .filteredOn(r -> r.getVerbs().contains("patch"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("tollgate-gw-served"));
    }

    @Test
    void secretCarriesTheValuesBase64() {
        TreeMap<String, byte[]> parts = new TreeMap<>();
        parts.put("a-tls.tls.crt", "CERT".getBytes(StandardCharsets.UTF_8));
        var secret = DataPlaneResources.secret(gateway(1), parts);
        assertThat(secret.getData())
                .containsEntry(
                        "a-tls.tls.crt", Base64.getEncoder().encodeToString("CERT".getBytes(StandardCharsets.UTF_8)));
        assertThat(secret.getMetadata().getName()).isEqualTo("tollgate-gw-secrets");
    }
}
