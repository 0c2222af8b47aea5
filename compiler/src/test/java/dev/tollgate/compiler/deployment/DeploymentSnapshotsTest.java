package dev.tollgate.compiler.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.compiler.NamespaceSnapshot;
import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.crds.v1alpha1.ApiDeployment;
import dev.tollgate.crds.v1alpha1.DeploymentSnapshot;
import dev.tollgate.crds.v1alpha1.IntegrationSpec;
import dev.tollgate.crds.v1alpha1.RestApi;
import io.fabric8.generator.annotation.Default;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Snapshots copy what a RestApi refers to and nothing else, and their content id is the same for
 * the same content however it travels (YAML in a folder, JSON through the API server with its
 * defaults) and different for any other content.
 */
class DeploymentSnapshotsTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String API =
            """
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: RestApi
            metadata: {name: shop}
            spec:
              models:
                - name: Item
                  contentType: application/json
                  schema: {type: object, properties: {price: {type: number, minimum: 1.0}}}
              authorizers:
                - name: tokens
                  type: TOKEN
                  integrationRef: auth
              resources:
                - path: /items
                  methods:
                    - httpMethod: GET
                      integration: {integrationRef: backend}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: backend}
            spec: {type: HTTP_PROXY, url: "http://backend.local:8080"}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: auth}
            spec: {type: HTTP, url: "http://auth.local:8080/check"}
            ---
            apiVersion: apigateway.tollgate.dev/v1alpha1
            kind: Integration
            metadata: {name: unrelated}
            spec: {type: MOCK}
            """;

    private static NamespaceSnapshot namespace() {
        return TestInputs.snapshot(API, "default");
    }

    private static DeploymentSnapshot take() {
        NamespaceSnapshot ns = namespace();
        return DeploymentSnapshots.take(ns.restApis().get(0), ns.integrations());
    }

    @Test
    void aSnapshotHoldsTheIntegrationsOfMethodsRoutesAndAuthorizersOnly() {
        assertThat(take().getIntegrations()).containsOnlyKeys("auth", "backend");
    }

    @Test
    void aSnapshotIsADeepCopyThatLaterEditsOfTheRestApiDoNotReach() {
        NamespaceSnapshot ns = namespace();
        RestApi api = ns.restApis().get(0);
        DeploymentSnapshot snapshot = DeploymentSnapshots.take(api, ns.integrations());
        String id = DeploymentSnapshots.contentId(snapshot);
        api.getSpec().getResources().get(0).setPath("/changed");
        ns.integrations().get(0).getSpec().setUrl("http://changed.local");
        assertThat(DeploymentSnapshots.contentId(snapshot)).isEqualTo(id);
        assertThat(snapshot.getRestApi().getResources().get(0).getPath()).isEqualTo("/items");
    }

    @Test
    void theContentIdIsTheSha256OfTheCanonicalJson() throws Exception {
        DeploymentSnapshot snapshot = take();
        String canonical = DeploymentSnapshots.canonicalJson(snapshot);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(DeploymentSnapshots.contentId(snapshot))
                .isEqualTo(HexFormat.of().formatHex(digest));
        assertThat(canonical).doesNotContain(" ").startsWith("{\"integrations\":{\"auth\":");
    }

    @Test
    void theContentIdSurvivesAYamlRoundTripAndTheApiServersJson() throws Exception {
        NamespaceSnapshot ns = namespace();
        ApiDeployment deployment = DeploymentSnapshots.newDeployment(
                "abc123", ns.restApis().get(0), ns.integrations(), "first", Instant.parse("2026-12-01T10:00:00Z"));
        String id = deployment.getSpec().getContentId();

        ApiDeployment fromYaml = YAML.readValue(YAML.writeValueAsString(deployment), ApiDeployment.class);
        assertThat(DeploymentSnapshots.contentId(fromYaml.getSpec().getSnapshot()))
                .isEqualTo(id);

        // The API server stores JSON: integral numbers of free-form fields lose their ".0".
        ObjectNode stored = JSON.valueToTree(deployment);
        ObjectNode schema = (ObjectNode) stored.at("/spec/snapshot/restApi/models/0/schema/properties/price");
        assertThat(schema.get("minimum").isFloatingPointNumber()).isTrue();
        schema.put("minimum", 1);
        ApiDeployment fromServer = JSON.treeToValue(stored, ApiDeployment.class);
        assertThat(DeploymentSnapshots.contentId(fromServer.getSpec().getSnapshot()))
                .isEqualTo(id);
    }

    @Test
    void defaultsWrittenOutOrLeftOutGiveTheSameContentId() {
        DeploymentSnapshot snapshot = take();
        String id = DeploymentSnapshots.contentId(snapshot);
        IntegrationSpec backend = snapshot.getIntegrations().get("backend");
        assertThat(backend.getTimeoutMillis()).as("take writes defaults out").isEqualTo(29000);
        backend.setTimeoutMillis(null);
        backend.setHttpMethod(null);
        snapshot.getRestApi().setProtocolType(null);
        snapshot.getRestApi().getResources().get(0).getMethods().get(0).setAuthorizationType(null);
        assertThat(DeploymentSnapshots.contentId(snapshot)).isEqualTo(id);
    }

    @Test
    void anyChangeOfContentChangesTheContentIdAndChangingItBackRestoresIt() {
        DeploymentSnapshot snapshot = take();
        String id = DeploymentSnapshots.contentId(snapshot);
        IntegrationSpec backend = snapshot.getIntegrations().get("backend");
        backend.setTimeoutMillis(28999);
        assertThat(DeploymentSnapshots.contentId(snapshot)).isNotEqualTo(id);
        backend.setTimeoutMillis(29000);
        assertThat(DeploymentSnapshots.contentId(snapshot)).isEqualTo(id);
        snapshot.getRestApi().setDescription("now described");
        assertThat(DeploymentSnapshots.contentId(snapshot)).isNotEqualTo(id);
    }

    @Test
    void everyDefaultOfTheSnapshotSchemaIsWrittenOutBeforeHashing() throws Exception {
        // A snapshot with one of every object the schema nests, every defaulted field left out.
        DeploymentSnapshot bare = JSON.treeToValue(
                YAML.readTree(
                        """
                        restApi:
                          resources: [{path: /a, methods: [{httpMethod: GET, integration: {integrationRef: i}}]}]
                          routes: [{routeKey: GET /b, integration: {integrationRef: i}}]
                        integrations:
                          i: {type: HTTP_PROXY, url: "http://x.local"}
                        """),
                DeploymentSnapshot.class);
        DeploymentSnapshot defaulted = DeploymentSnapshots.withDefaults(bare);
        List<String> missing = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        check(defaulted, "snapshot", missing, seen);
        assertThat(seen).as("classes visited").hasSizeGreaterThan(5);
        assertThat(missing).as("@Default fields the snapshot leaves unset").isEmpty();
    }

    // Walks the object graph; a field annotated @Default must hold its default wherever its owner exists.
    private static void check(Object value, String path, List<String> missing, Set<Class<?>> seen)
            throws IllegalAccessException {
        if (value == null || !value.getClass().getPackageName().equals(RestApi.class.getPackageName())) {
            if (value instanceof Collection<?> c) {
                int i = 0;
                for (Object item : c) {
                    check(item, path + "[" + i++ + "]", missing, seen);
                }
            } else if (value instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    check(e.getValue(), path + "[" + e.getKey() + "]", missing, seen);
                }
            }
            return;
        }
        seen.add(value.getClass());
        for (Field f : value.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(value);
            Default d = f.getAnnotation(Default.class);
            if (d != null && (v == null || !String.valueOf(v).equals(d.value()))) {
                missing.add(path + "." + f.getName() + " (default " + d.value() + ", found " + v + ")");
            }
            check(v, path + "." + f.getName(), missing, seen);
        }
    }

    @Test
    void aNewDeploymentNamesItsRestApiAndCarriesItsCreationTimeToTheMillisecond() {
        NamespaceSnapshot ns = namespace();
        ApiDeployment d = DeploymentSnapshots.newDeployment(
                "abc123", ns.restApis().get(0), ns.integrations(), "", Instant.parse("2026-12-01T10:00:00.123456Z"));
        assertThat(d.getMetadata().getName()).isEqualTo("abc123");
        assertThat(d.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(d.getSpec().getRestApiRef()).isEqualTo("shop");
        assertThat(d.getSpec().getDescription()).isNull();
        assertThat(d.getMetadata().getAnnotations())
                .containsEntry(ApiDeployment.CREATED_AT_ANNOTATION, "2026-12-01T10:00:00.123Z");
        assertThat(DeploymentHistory.createdAt(d)).isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
    }
}
