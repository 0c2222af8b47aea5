package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.compiler.IrJson;
import dev.tollgate.compiler.Reason;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ResourceStatus;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.StageSpec;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.status.StatusAggregator;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Fixtures;
import dev.tollgate.operator.testing.GatedCompileCounter;
import dev.tollgate.operator.testing.Statuses;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class GatewayReconcilerIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient operatorClient;

    KubernetesClient client;

    @BeforeEach
    void userClient() {
        client = TestClients.user(operatorClient);
    }

    @Inject
    GatedCompileCounter compiles;

    @Inject
    Operator operator;

    void apply(String fixture, String namespace) {
        Fixtures.apply(client, fixture, namespace);
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

    <S extends ResourceStatus> Condition condition(
            Class<? extends CustomResource<?, S>> type, String ns, String name, String cond) {
        return Statuses.condition(client, type, ns, name, cond);
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
        // The config references no Secret value: no Secret is made (the pods mount it as optional).
        assertThat(client.secrets()
                        .inNamespace("deps")
                        .withName("tollgate-gateway-secrets")
                        .get())
                .isNull();
        Role role = client.rbac()
                .roles()
                .inNamespace("deps")
                .withName("tollgate-gateway")
                .get();
        // Named objects only, but for the EndpointSlices (selected by label, which a rule cannot name).
        assertThat(role.getRules())
                .filteredOn(rule -> !rule.getApiGroups().contains("discovery.k8s.io"))
                .allSatisfy(rule -> assertThat(rule.getResourceNames()).hasSize(1));
        assertThat(role.getRules())
                .filteredOn(rule -> rule.getApiGroups().contains("discovery.k8s.io"))
                .singleElement()
                .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("list", "watch"));

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
        Supplier<Map<String, String>> data = () -> {
            var s = client.secrets()
                    .inNamespace("keys")
                    .withName("tollgate-gateway-secrets")
                    .get();
            return s == null || s.getData() == null ? Map.<String, String>of() : s.getData();
        };
        await().atMost(WAIT).until(() -> data.get().containsKey("shop-tls.tls.crt"));
        assertThat(data.get()).containsOnlyKeys("shop-tls.tls.crt", "shop-tls.tls.key");
        assertThat(decode(data.get().get("shop-tls.tls.crt"))).isEqualTo("shop-certificate");
        assertThat(decode(data.get().get("shop-tls.tls.key"))).isEqualTo("shop-private-key");

        client.secrets()
                .inNamespace("keys")
                .withName("shop-tls")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"stringData\":{\"tls.crt\":\"rotated-certificate\"}}");
        await().atMost(WAIT)
                .until(() -> "rotated-certificate".equals(decode(data.get().get("shop-tls.tls.crt"))));
    }

    @Test
    void redisPasswordReachesTheDataPlaneSecretOnlyAndARefusalThePodsReportIsInTheGatewayStatus() {
        apply("team.yaml", "redis");
        apply("redis-auth.yaml", "redis");
        Supplier<Map<String, String>> data = () -> {
            var s = client.secrets()
                    .inNamespace("redis")
                    .withName("tollgate-gateway-secrets")
                    .get();
            return s == null || s.getData() == null ? Map.<String, String>of() : s.getData();
        };
        await().atMost(WAIT).until(() -> data.get().containsKey("redis-auth.password"));
        assertThat(decode(data.get().get("redis-auth.password"))).isEqualTo("redis-password-for-tests");
        // The config names the Secret value; the password itself is only in the data plane's Secret.
        await().atMost(WAIT)
                .until(() -> config("redis") != null && config("redis").redis() != null);
        assertThat(config("redis").redis().password().secretName()).isEqualTo("redis-auth");
        assertThat(configMap("redis").getData().get("config.json")).doesNotContain("redis-password-for-tests");

        String statusMap = DataPlaneNames.statusConfigMap("gateway");
        client.configMaps()
                .inNamespace("redis")
                .withName(statusMap)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"pod-1\":\"" + config("redis").configId() + "\",\"pod-1"
                                + DataPlaneNames.REDIS_PROBLEM_SUFFIX
                                + "\":\"Redis refused the credentials (WRONGPASS)\"}}");
        await().atMost(WAIT)
                .until(() -> StatusAggregator.REASON_REDIS_REFUSED.equals(
                        condition(Gateway.class, "redis", "gateway", Crds.CONDITION_PROGRAMMED)
                                .getReason()));
        Condition refused = condition(Gateway.class, "redis", "gateway", Crds.CONDITION_PROGRAMMED);
        assertThat(refused.getStatus()).isEqualTo("False");
        assertThat(refused.getMessage()).contains("WRONGPASS");

        // The pod removes its report once Redis accepts it: the Gateway is programmed again.
        client.configMaps()
                .inNamespace("redis")
                .withName(statusMap)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"pod-1" + DataPlaneNames.REDIS_PROBLEM_SUFFIX + "\":null}}");
        await().atMost(WAIT).until(() -> "True"
                .equals(condition(Gateway.class, "redis", "gateway", Crds.CONDITION_PROGRAMMED)
                        .getStatus()));
    }

    static String decode(String base64) {
        return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
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
        // Condition and Event speak the compiler's reason as local mode spells it.
        assertThat(c.getReason()).isEqualTo(Reason.MISSING_REFERENCE.camelCase());
        assertThat(client.v1().events().inNamespace("invalid").list().getItems())
                .filteredOn(e -> "broken".equals(e.getInvolvedObject().getName()))
                .extracting(Event::getReason)
                .containsOnly(Reason.MISSING_REFERENCE.camelCase());
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
            return c != null && "False".equals(c.getStatus());
        });
        // The compiler's reason, spelled as local mode spells it.
        assertThat(condition(Gateway.class, "two", "second", Crds.CONDITION_ACCEPTED)
                        .getReason())
                .isEqualTo(Reason.CONFLICT.camelCase())
                .isEqualTo("Conflict");
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
        client.resources(Integration.class)
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

    /**
     * Changes that arrive while a namespace's reconcile runs coalesce into one more reconcile, and
     * that one compiles the last change. Measured without a clock: the test holds the reconcile at
     * its compile (a gate in the compile counter), sends 200 changes, waits until the operator's own
     * informer has seen the last of them, and only then lets the reconcile go on. So the count cannot
     * depend on how fast the machine is. The bound allows one compile more than the coalesced one: the
     * watch event of the operator's own ConfigMap write, which the SDK normally filters out.
     */
    @Test
    void burstOf200ChangesDuringAReconcileCoalescesIntoOneMoreCompileOfTheLastChange() throws Exception {
        apply("team.yaml", "burst");
        await().atMost(WAIT).until(() -> apis(config("burst")).contains("shop"));

        GatedCompileCounter.Gate gate = compiles.close("burst");
        patchStageVariable("burst", 0);
        assertThat(gate.awaitHeld(WAIT))
                .as("a reconcile of the first change reached its compile")
                .isTrue();
        long before = compiles.count("burst");
        for (int n = 1; n <= 200; n++) {
            patchStageVariable("burst", n);
        }
        await().atMost(WAIT).until(() -> "200".equals(operatorSeenStageVariable("burst")));
        gate.open();

        await().atMost(WAIT).until(() -> config("burst").apis().stream()
                .flatMap(a -> a.stages().stream())
                .anyMatch(s -> "200".equals(s.variables().get("n"))));
        long after = compiles.count("burst") - before;
        System.out.println("200 changes held behind one reconcile: " + after + " compile(s) after its release");
        assertThat(after)
                .as("compiles after 200 changes held behind one reconcile")
                .isBetween(1L, 2L);
    }

    void patchStageVariable(String namespace, int n) {
        // A merge patch, as kubectl sends: no resourceVersion, so status writes never conflict.
        client.resources(Stage.class)
                .inNamespace(namespace)
                .withName("shop-prod")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"variables\":{\"n\":\"" + n + "\"}}}");
    }

    /** Stage variable n as the Gateway controller's informer holds it now. */
    @SuppressWarnings("unchecked")
    String operatorSeenStageVariable(String namespace) {
        var controller = (Controller<Gateway>)
                operator.getRegisteredController(GatewayReconciler.NAME).orElseThrow();
        var stages = (InformerEventSource<Stage, Gateway>)
                controller.getEventSourceManager().getEventSourceFor(Stage.class, Stage.class.getSimpleName());
        return stages.get(new ResourceID("shop-prod", namespace))
                .map(s -> s.getSpec().getVariables())
                .map(v -> v.get("n"))
                .orElse(null);
    }

    @Test
    void stageInANamespaceWithoutGatewaySaysSoUntilOneArrives() {
        Stage stage = new Stage();
        stage.setMetadata(new ObjectMetaBuilder()
                .withName("lonely")
                .withNamespace("lonely")
                .build());
        stage.setSpec(new StageSpec());
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
        client.resource(new ServiceBuilder()
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
            Condition c = condition(Integration.class, "tenant", "elsewhere", Crds.CONDITION_ACCEPTED);
            return c != null && "False".equals(c.getStatus());
        });
        Condition refused = condition(Integration.class, "tenant", "elsewhere", Crds.CONDITION_ACCEPTED);
        assertThat(refused.getReason()).isEqualTo(Reason.REF_NOT_PERMITTED.camelCase());
        assertThat(refused.getMessage()).startsWith("spec.service.namespace:").contains("finance");
        assertThat(apis(config("tenant"))).contains("shop");

        // The owners of "finance" admit Integrations of "tenant" to their Service.
        Fixtures.apply(client, "grant.yaml");
        await().atMost(WAIT).until(() -> "True"
                .equals(condition(Integration.class, "tenant", "elsewhere", Crds.CONDITION_ACCEPTED)
                        .getStatus()));
    }
}
