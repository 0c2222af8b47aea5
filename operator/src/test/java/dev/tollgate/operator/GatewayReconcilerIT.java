package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class GatewayReconcilerIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient operatorClient;

    KubernetesClient client;

    @org.junit.jupiter.api.BeforeEach
    void userClient() {
        client = TestClients.user(operatorClient);
    }

    @Inject
    CompileCounter compiles;

    void apply(String fixture, String namespace) {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + fixture)) {
            for (HasMetadata item : client.load(in).items()) {
                item.getMetadata().setNamespace(namespace);
                client.resource(item).inNamespace(namespace).createOr(op -> op.update());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ConfigMap configMap(String namespace) {
        return client.configMaps()
                .inNamespace(namespace)
                .withName(DataPlaneNames.configMap("gateway"))
                .get();
    }

    GatewayConfig config(String namespace) {
        ConfigMap cm = configMap(namespace);
        return cm == null ? null : IrJson.fromJson(cm.getData().get("config.json"));
    }

    static List<String> apis(GatewayConfig config) {
        return config == null
                ? List.of()
                : config.apis().stream().map(a -> a.name()).toList();
    }

    Condition condition(
            Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> type,
            String ns,
            String name,
            String cond) {
        var r = client.resources(type).inNamespace(ns).withName(name).get();
        return r == null
                ? null
                : StatusAggregator.find((dev.tollgate.crds.v1alpha1.ResourceStatus) r.getStatus(), cond);
    }

    @Test
    void gatewayGetsDependentsHoldingTheCompiledConfig() {
        apply("team.yaml", "deps");
        await().atMost(WAIT).until(() -> apis(config("deps")).contains("shop"));

        Deployment d = client.apps()
                .deployments()
                .inNamespace("deps")
                .withName("tollgate-gateway")
                .get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).startsWith("serve");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("TOLLGATE_CONFIGMAP");
            assertThat(e.getValue()).isEqualTo("tollgate-gateway-config");
        });
        assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Gateway");
            assertThat(o.getController()).isTrue();
        });
        assertThat(client.services()
                        .inNamespace("deps")
                        .withName("tollgate-gateway")
                        .get()
                        .getSpec()
                        .getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        PodDisruptionBudget pdb = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("deps")
                .withName("tollgate-gateway")
                .get();
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(client.secrets()
                        .inNamespace("deps")
                        .withName("tollgate-gateway-secrets")
                        .get())
                .isNotNull();
        Role role = client.rbac()
                .roles()
                .inNamespace("deps")
                .withName("tollgate-gateway")
                .get();
        assertThat(role.getRules())
                .allSatisfy(rule -> assertThat(rule.getResourceNames()).hasSize(1));

        // Statuses: accepted, and pending until a data plane reports the config id.
        await().atMost(WAIT).until(() -> condition(RestApi.class, "deps", "shop", Crds.CONDITION_ACCEPTED) != null);
        assertThat(condition(RestApi.class, "deps", "shop", Crds.CONDITION_ACCEPTED)
                        .getStatus())
                .isEqualTo("True");
        assertThat(condition(RestApi.class, "deps", "shop", Crds.CONDITION_PROGRAMMED)
                        .getReason())
                .isEqualTo("Pending");
        RestApi api = client.resources(RestApi.class)
                .inNamespace("deps")
                .withName("shop")
                .get();
        assertThat(api.getStatus().getObservedGeneration())
                .isEqualTo(api.getMetadata().getGeneration());

        String id = config("deps").configId();
        assertThat(configMap("deps").getMetadata().getAnnotations())
                .containsEntry(DataPlaneNames.CONFIG_ID_ANNOTATION, id);
        client.configMaps()
                .inNamespace("deps")
                .withName(DataPlaneNames.statusConfigMap("gateway"))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"pod-1\":\"" + id + "\"}}");
        await().atMost(WAIT).until(() -> "True"
                .equals(condition(Stage.class, "deps", "shop-prod", Crds.CONDITION_PROGRAMMED)
                        .getStatus()));
        Stage stage = client.resources(Stage.class)
                .inNamespace("deps")
                .withName("shop-prod")
                .get();
        assertThat(stage.getStatus().getConditions())
                .extracting(Condition::getType)
                .containsExactly("Accepted", "Programmed");
        await().atMost(WAIT).until(() -> "True"
                .equals(condition(Gateway.class, "deps", "gateway", Crds.CONDITION_PROGRAMMED)
                        .getStatus()));
    }

    @Test
    void gatewaySecretCarriesTheReferencedSecretValuesUnderSecretNameDotKeyAndFollowsTheirChanges() {
        apply("team.yaml", "keys");
        apply("domain-tls.yaml", "keys");
        java.util.function.Supplier<java.util.Map<String, String>> data = () -> {
            var s = client.secrets()
                    .inNamespace("keys")
                    .withName("tollgate-gateway-secrets")
                    .get();
            return s == null || s.getData() == null ? java.util.Map.<String, String>of() : s.getData();
        };
        await().atMost(WAIT).until(() -> data.get().containsKey("shop-tls.tls.crt"));
        assertThat(data.get()).containsOnlyKeys("shop-tls.tls.crt", "shop-tls.tls.key");
        assertThat(decode(data.get().get("shop-tls.tls.crt"))).isEqualTo("shop-certificate");
        assertThat(decode(data.get().get("shop-tls.tls.key"))).isEqualTo("shop-private-key");

        client.secrets()
                .inNamespace("keys")
                .withName("shop-tls")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"stringData\":{\"tls.crt\":\"rotated-certificate\"}}");
        await().atMost(WAIT)
                .until(() -> "rotated-certificate".equals(decode(data.get().get("shop-tls.tls.crt"))));
    }

    static String decode(String base64) {
        return base64 == null
                ? null
                : new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void invalidRestApiIsNotAcceptedNamingTheFieldAndTheRestStillServes() {
        apply("team.yaml", "invalid");
        apply("broken-api.yaml", "invalid");
        await().atMost(WAIT).until(() -> {
            Condition c = condition(RestApi.class, "invalid", "broken", Crds.CONDITION_ACCEPTED);
            return c != null && "False".equals(c.getStatus());
        });
        Condition c = condition(RestApi.class, "invalid", "broken", Crds.CONDITION_ACCEPTED);
        assertThat(c.getMessage()).contains("integrationRef");
        assertThat(apis(config("invalid"))).contains("shop");
        assertThat(condition(RestApi.class, "invalid", "shop", Crds.CONDITION_ACCEPTED)
                        .getStatus())
                .isEqualTo("True");
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace("invalid").list().getItems().stream()
                .anyMatch(e -> "broken".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())));
    }

    @Test
    void namespacesStayIsolated() {
        apply("team.yaml", "iso-a");
        apply("gateway-only.yaml", "iso-b");
        await().atMost(WAIT).until(() -> apis(config("iso-a")).contains("shop"));
        await().atMost(WAIT).until(() -> configMap("iso-b") != null);
        assertThat(apis(config("iso-b"))).isEmpty();
        assertThat(config("iso-b").namespace()).isEqualTo("iso-b");
    }

    @Test
    void secondGatewayInANamespaceIsRefusedAndChangesNothing() throws InterruptedException {
        apply("team.yaml", "two");
        await().atMost(WAIT).until(() -> apis(config("two")).contains("shop"));
        Thread.sleep(1100); // creation timestamps have one-second resolution
        Gateway second = new Gateway();
        second.setMetadata(
                new ObjectMetaBuilder().withName("second").withNamespace("two").build());
        client.resource(second).create();
        await().atMost(WAIT).until(() -> {
            Condition c = condition(Gateway.class, "two", "second", Crds.CONDITION_ACCEPTED);
            return c != null && "Conflicted".equals(c.getReason());
        });
        assertThat(client.configMaps()
                        .inNamespace("two")
                        .withName(DataPlaneNames.configMap("second"))
                        .get())
                .isNull();
    }

    @Test
    void integrationChangeAndRestApiDeleteRecompileTheNamespace() {
        apply("team.yaml", "change");
        await().atMost(WAIT).until(() -> apis(config("change")).contains("shop"));
        String before = config("change").configId();
        client.resources(dev.tollgate.crds.v1alpha1.Integration.class)
                .inNamespace("change")
                .withName("backend")
                .edit(i -> {
                    i.getSpec().setTimeoutMillis(1234);
                    return i;
                });
        await().atMost(WAIT).until(() -> !config("change").configId().equals(before));
        client.resources(RestApi.class).inNamespace("change").withName("shop").delete();
        await().atMost(WAIT).until(() -> apis(config("change")).isEmpty());
    }

    @Test
    void burstOf200ChangesCoalescesIntoFewCompilesAndOneFinalConfig() {
        apply("team.yaml", "burst");
        await().atMost(WAIT).until(() -> apis(config("burst")).contains("shop"));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        long start = compiles.count();
        for (int i = 1; i <= 200; i++) {
            int n = i;
            // A merge patch, as kubectl sends: no resourceVersion, so status writes never conflict.
            client.resources(Stage.class)
                    .inNamespace("burst")
                    .withName("shop-prod")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"variables\":{\"n\":\"" + n + "\"}}}");
        }
        await().atMost(WAIT).until(() -> config("burst").apis().stream()
                .flatMap(a -> a.stages().stream())
                .anyMatch(s -> "200".equals(s.variables().get("n"))));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        long used = compiles.count() - start;
        System.out.println("burst of 200 Stage changes: " + used + " compiles");
        // Changes arriving during a reconcile coalesce into one more: far fewer compiles than changes.
        assertThat(used).isLessThan(100);
    }

    @Test
    void stageInANamespaceWithoutGatewaySaysSoUntilOneArrives() {
        Stage stage = new Stage();
        stage.setMetadata(new ObjectMetaBuilder()
                .withName("lonely")
                .withNamespace("lonely")
                .build());
        stage.setSpec(new dev.tollgate.crds.v1alpha1.StageSpec());
        stage.getSpec().setRestApiRef("shop");
        stage.getSpec().setStageName("prod");
        client.resource(stage).create();
        await().atMost(WAIT).until(() -> {
            Condition c = condition(Stage.class, "lonely", "lonely", Crds.CONDITION_PROGRAMMED);
            return c != null && StatusAggregator.REASON_NO_GATEWAY.equals(c.getReason());
        });
        assertThat(condition(Stage.class, "lonely", "lonely", Crds.CONDITION_PROGRAMMED)
                        .getMessage())
                .contains("no Gateway");
        apply("gateway-only.yaml", "lonely");
        await().atMost(WAIT).until(() -> {
            Condition c = condition(Stage.class, "lonely", "lonely", Crds.CONDITION_ACCEPTED);
            return c != null && !StatusAggregator.REASON_NO_GATEWAY.equals(c.getReason());
        });
    }

    @Test
    void crossNamespaceServiceIsRefusedNamingTheFieldUntilTheTargetNamespaceGrantsIt() {
        apply("team.yaml", "tenant");
        apply("cross-namespace.yaml", "tenant");
        client.resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                        .withNewMetadata()
                        .withName("billing")
                        .withNamespace("finance")
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("http")
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT).until(() -> {
            Condition c = condition(
                    dev.tollgate.crds.v1alpha1.Integration.class, "tenant", "elsewhere", Crds.CONDITION_ACCEPTED);
            return c != null && "False".equals(c.getStatus());
        });
        Condition refused =
                condition(dev.tollgate.crds.v1alpha1.Integration.class, "tenant", "elsewhere", Crds.CONDITION_ACCEPTED);
        assertThat(refused.getReason()).isEqualTo("REF_NOT_PERMITTED");
        assertThat(refused.getMessage()).startsWith("spec.service.namespace:").contains("finance");
        assertThat(apis(config("tenant"))).contains("shop");

        // The owners of "finance" admit Integrations of "tenant" to their Service.
        try (InputStream in = getClass().getResourceAsStream("/fixtures/grant.yaml")) {
            client.load(in).create();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        await().atMost(WAIT).until(() -> "True"
                .equals(condition(
                                dev.tollgate.crds.v1alpha1.Integration.class,
                                "tenant",
                                "elsewhere",
                                Crds.CONDITION_ACCEPTED)
                        .getStatus()));
    }
}
