package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.deployment.DeploymentSnapshots;
import dev.tollgate.compiler.load.ResourceLoader;
import dev.tollgate.compiler.load.SourceDocument;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.ApiKey;
import dev.tollgate.crds.v1alpha1.Crds;
import dev.tollgate.crds.v1alpha1.DomainName;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.ReferenceGrant;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.crds.v1alpha1.UsagePlan;
import dev.tollgate.operator.argocd.ArgoCdLua;
import dev.tollgate.operator.argocd.ArgoCdLua.HealthStatus;
import dev.tollgate.operator.argocd.ArgoCdLua.Libraries;
import dev.tollgate.operator.argocd.HealthChecks;
import dev.tollgate.operator.dependents.DataPlaneNames;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.Repo;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's view of an Application holding config/samples: the operator writes nothing that would
 * show as drift (every Tollgate object keeps the spec, labels and annotations as applied, through
 * every change the operator makes, watched as they happen), and once the data plane serves the
 * config every object is Healthy by the shipped health checks.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = CrdSetup.class)
class ArgoCdNoDriftIT {
    static final String NS = "gitops";
    static final String APP = "tollgate-samples";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final YAMLMapper YAML = new YAMLMapper();
    static final List<Class<? extends HasMetadata>> KINDS = List.of(
            RestApi.class,
            Integration.class,
            Stage.class,
            UsagePlan.class,
            ApiKey.class,
            DomainName.class,
            Gateway.class,
            ReferenceGrant.class,
            ApiDeployment.class);

    @Inject
    KubernetesClient operatorClient;

    static ResourceDefinitionContext context(String kind) {
        return ResourceDefinitionContext.fromResourceType(KINDS.stream()
                .filter(k -> HasMetadata.getKind(k).equals(kind))
                .findFirst()
                .orElseThrow());
    }

    /** The samples as Argo CD applies them: in the Application's namespace, with its tracking marks. */
    static List<ObjectNode> manifests() throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(Repo.root().resolve("config/samples"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> docs = new ArrayList<>();
        for (Path f : files) {
            docs.addAll(List.of(Files.readString(f).split("(?m)^---\\s*$")));
        }
        docs.add(
                """
                apiVersion: apigateway.tollgate.dev/v1alpha1
                kind: ReferenceGrant
                metadata:
                  name: partners-to-pets
                spec:
                  from:
                    - kind: Integration
                      namespace: partners
                  to:
                    - kind: Service
                      name: pets-backend
                """);
        // A deployment of the samples' API, as the deploy command writes it into a git folder.
        NamespaceSnapshot samples = ResourceLoader.load(files.stream()
                        .map(f -> new SourceDocument(f.toString(), read(f)))
                        .toList())
                .snapshots()
                .get(ResourceLoader.DEFAULT_NAMESPACE);
        RestApi petstore = samples.restApis().stream()
                .filter(a -> a.getMetadata().getName().equals("petstore"))
                .findFirst()
                .orElseThrow();
        ApiDeployment deployment = DeploymentSnapshots.newDeployment(
                "petstore-v1",
                petstore,
                samples.integrations(),
                "first release",
                Instant.parse("2026-12-01T10:00:00Z"));
        deployment.getMetadata().setNamespace(null);
        docs.add(YAML.writeValueAsString(Serialization.jsonMapper().valueToTree(deployment)));
        for (String doc : docs) {
            JsonNode node = YAML.readTree(doc);
            if (node == null || !node.has("kind")) {
                continue;
            }
            ObjectNode manifest = (ObjectNode) node;
            ObjectNode metadata = (ObjectNode) manifest.get("metadata");
            metadata.put("namespace", NS);
            metadata.putObject("labels").put("app.kubernetes.io/instance", APP);
            String group = manifest.get("apiVersion").asText().split("/")[0];
            metadata.putObject("annotations")
                    .put(
                            "argocd.argoproj.io/tracking-id",
                            APP + ":" + group + "/" + manifest.get("kind").asText() + ":" + NS + "/"
                                    + metadata.get("name").asText());
            out.add(manifest);
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean tollgate(JsonNode manifest) {
        return manifest.get("apiVersion").asText().startsWith(Crds.GROUP + "/");
    }

    static String key(JsonNode object) {
        return object.path("kind").asText() + "/"
                + object.path("metadata").path("name").asText();
    }

    static JsonNode tree(Object resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    @Test
    void operatorWritesOnlyStatusSoAnApplicationOfTheSamplesStaysSyncedAndTurnsHealthy() throws IOException {
        KubernetesClient client = TestClients.user(operatorClient);
        List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
        List<Watch> watches = new ArrayList<>();
        try {
            for (Class<? extends HasMetadata> kind : KINDS) {
                watches.add(client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(kind))
                        .inNamespace(NS)
                        .watch(new Watcher<GenericKubernetesResource>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource resource) {
                                seen.add(tree(resource));
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        }));
            }
            Map<String, JsonNode> desired = new TreeMap<>();
            for (ObjectNode manifest : manifests()) {
                if (tollgate(manifest)) {
                    desired.put(key(manifest), manifest);
                    client.genericKubernetesResources(
                                    context(manifest.get("kind").asText()))
                            .inNamespace(NS)
                            .resource(
                                    Serialization.jsonMapper().convertValue(manifest, GenericKubernetesResource.class))
                            .create();
                } else {
                    client.resource((HasMetadata) Serialization.unmarshal(manifest.toString()))
                            .inNamespace(NS)
                            .create();
                }
            }
            assertThat(desired.keySet().stream().map(k -> k.split("/")[0]))
                    .as("the Application holds every kind")
                    .containsAll(HealthChecks.crdKinds().keySet());

            awaitEveryObjectHealthy(client, desired);

            // A sync of a changed manifest from git: the operator follows it, and still writes only status.
            ObjectNode stage = (ObjectNode) desired.get("Stage/petstore-prod");
            JsonNode firstStageSpec = stage.get("spec").deepCopy();
            ((ObjectNode) stage.get("spec").get("variables")).put("region", "eu-central-1");
            client.genericKubernetesResources(context("Stage"))
                    .inNamespace(NS)
                    .withName("petstore-prod")
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"variables\":{\"region\":\"eu-central-1\"}}}");
            awaitEveryObjectHealthy(client, desired);
            assertThat(live(client, List.of(stage))
                            .get(0)
                            .path("status")
                            .path("observedGeneration")
                            .asLong())
                    .isEqualTo(2);

            List<JsonNode> current = live(client, desired.values());
            for (JsonNode object : current) {
                assertThat(object.get("spec"))
                        .as(key(object) + " spec")
                        .isEqualTo(desired.get(key(object)).get("spec"));
            }
            List<JsonNode> observed = new ArrayList<>(current);
            synchronized (seen) {
                observed.addAll(seen);
            }
            assertThat(observed.stream().filter(o -> o.has("status")))
                    .as("the operator wrote statuses")
                    .isNotEmpty();
            for (JsonNode object : observed) {
                JsonNode want = desired.get(key(object));
                assertThat(want).as(key(object)).isNotNull();
                // Every version of the spec is one the user applied.
                assertThat(object.get("spec"))
                        .as(key(object) + " spec")
                        .isIn(
                                want.get("spec"),
                                key(object).equals("Stage/petstore-prod") ? firstStageSpec : want.get("spec"));
                for (String field : List.of("labels", "annotations")) {
                    assertThat(object.path("metadata").get(field))
                            .as(key(object) + " metadata." + field)
                            .isEqualTo(want.path("metadata").get(field));
                }
                for (String field : List.of("finalizers", "ownerReferences")) {
                    assertThat(object.path("metadata").path(field))
                            .as(key(object) + " metadata." + field)
                            .isEmpty();
                }
            }
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /** Plays the data plane (reports serving whatever config is published) until Argo CD would call every object Healthy. */
    static void awaitEveryObjectHealthy(KubernetesClient client, Map<String, JsonNode> desired) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            String id = client.configMaps()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.configMap("gateway"))
                    .get()
                    .getMetadata()
                    .getAnnotations()
                    .get(DataPlaneNames.CONFIG_ID_ANNOTATION);
            client.configMaps()
                    .inNamespace(NS)
                    .withName(DataPlaneNames.statusConfigMap("gateway"))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"pod-1\":\"" + id + "\"}}");
            Map<String, HealthStatus> health = new TreeMap<>();
            for (JsonNode live : live(client, desired.values())) {
                health.put(
                        key(live),
                        ArgoCdLua.health(HealthChecks.script(live.path("kind").asText()), live, Libraries.ARGOCD_CM));
            }
            assertThat(health).hasSize(desired.size());
            assertThat(health)
                    .allSatisfy((k, h) ->
                            assertThat(h.status()).as(k + ": " + h.message()).isEqualTo("Healthy"));
        });
    }

    static List<JsonNode> live(KubernetesClient client, Iterable<JsonNode> desired) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode want : desired) {
            GenericKubernetesResource r = client.genericKubernetesResources(
                            context(want.get("kind").asText()))
                    .inNamespace(NS)
                    .withName(want.path("metadata").path("name").asText())
                    .get();
            if (r != null) {
                out.add(tree(r));
            }
        }
        return out;
    }
}
