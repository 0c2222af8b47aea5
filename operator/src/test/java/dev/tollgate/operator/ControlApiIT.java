package dev.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.crds.v1alpha1.Integration;
import dev.tollgate.crds.v1alpha1.RestApi;
import dev.tollgate.crds.v1alpha1.RestApiSpec;
import dev.tollgate.crds.v1alpha1.Stage;
import dev.tollgate.operator.controlapi.ControlApiStartup;
import dev.tollgate.operator.testing.CrdSetup;
import dev.tollgate.operator.testing.TestClients;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * The operator's control API on the mock API server: SDK creates become custom resources in the
 * namespace the access key maps to, resources created with a Kubernetes client are visible through
 * the SDK, a key cannot reach another namespace, and what Kubernetes RBAC refuses the identity
 * (asked with a SubjectAccessReview, which this test answers as the API server's authorizer would
 * for the rules below) is refused with AWS's AccessDeniedException.
 */
@QuarkusTest
@TestProfile(ControlApiIT.Enabled.class)
@WithKubernetesTestServer(setup = ControlApiIT.Setup.class)
class ControlApiIT {
    static final String KEYS = "tollgate-system";

    /** The control API on, on a free loopback port, keys in tollgate-system. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tollgate.control-api.enabled", "true",
                    "tollgate.control-api.port", "0",
                    "tollgate.control-api.bind", "127.0.0.1",
                    "tollgate.control-api.credentials-namespace", KEYS);
        }
    }

    /**
     * The CRDs, and SubjectAccessReviews answered by these RBAC rules: alice may do everything in
     * team-a, bob everything in team-b, viewer only get and list in team-a.
     */
    public static class Setup extends CrdSetup {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public void accept(KubernetesServer server) {
            super.accept(server);
            server.expect()
                    .post()
                    .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                    .andReply(201, request -> {
                        try {
                            JsonNode review = JSON.readTree(request.getBody().readUtf8());
                            JsonNode spec = review.path("spec");
                            String user = spec.path("user").asText();
                            String ns = spec.path("resourceAttributes")
                                    .path("namespace")
                                    .asText();
                            String verb =
                                    spec.path("resourceAttributes").path("verb").asText();
                            boolean allowed = (user.equals("alice") && ns.equals("team-a"))
                                    || (user.equals("bob") && ns.equals("team-b"))
                                    || (user.equals("viewer")
                                            && ns.equals("team-a")
                                            && List.of("get", "list").contains(verb));
                            ((com.fasterxml.jackson.databind.node.ObjectNode) review)
                                    .putObject("status")
                                    .put("allowed", allowed);
                            return review;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .always();
        }
    }

    @Inject
    KubernetesClient operatorClient;

    @Inject
    ControlApiStartup controlApi;

    KubernetesClient kubectl;

    @BeforeEach
    void keys() {
        kubectl = TestClients.user(operatorClient);
        key("alice", "AKIDALICE", "team-a");
        key("bob", "AKIDBOB", "team-b");
        key("viewer", "AKIDVIEWER", "team-a");
    }

    void key(String user, String id, String namespace) {
        kubectl.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("access-key-" + user)
                        .withNamespace(KEYS)
                        .addToLabels(SecretCredentials.KEY_ID_LABEL, id)
                        .endMetadata()
                        .addToStringData("secretAccessKey", user + "-secret")
                        .addToStringData("namespace", namespace)
                        .addToStringData("username", user)
                        .build())
                .inNamespace(KEYS)
                .createOr(op -> op.update());
    }

    ApiGatewayClient aws(String id, String secret) {
        return ApiGatewayClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + controlApi.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    static RestApi restApi(String name, String namespace) {
        RestApi api = new RestApi();
        api.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RestApiSpec spec = new RestApiSpec();
        spec.setDescription("applied with a Kubernetes client");
        api.setSpec(spec);
        return api;
    }

    @Test
    void sdkCreatesBecomeCustomResourcesAndKubectlCreatesAreSeenByTheSdk() {
        try (ApiGatewayClient alice = aws("AKIDALICE", "alice-secret")) {
            var api = alice.createRestApi(r -> r.name("MyAPI"));
            RestApi created = kubectl.resources(RestApi.class)
                    .inNamespace("team-a")
                    .withName(api.id())
                    .get();
            assertThat(created).isNotNull();
            assertThat(created.getMetadata().getAnnotations()).containsEntry("apigateway.tollgate.dev/name", "MyAPI");

            String pets = alice.createResource(r ->
                            r.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("pets"))
                    .id();
            alice.putMethod(r ->
                    r.restApiId(api.id()).resourceId(pets).httpMethod("GET").authorizationType("NONE"));
            alice.putIntegration(r -> r.restApiId(api.id())
                    .resourceId(pets)
                    .httpMethod("GET")
                    .type(IntegrationType.HTTP_PROXY)
                    .integrationHttpMethod("GET")
                    .uri("http://pets-backend.team-a.svc.cluster.local:8080/pets"));
            alice.createStage(r -> r.restApiId(api.id()).stageName("prod").deploymentId("live"));
            assertThat(kubectl.resources(Integration.class)
                            .inNamespace("team-a")
                            .list()
                            .getItems())
                    .singleElement()
                    .satisfies(i -> assertThat(i.getMetadata().getLabels())
                            .containsEntry("apigateway.tollgate.dev/rest-api", api.id()));
            assertThat(kubectl.resources(Stage.class)
                            .inNamespace("team-a")
                            .withName(api.id() + "-prod")
                            .get()
                            .getSpec()
                            .getRestApiRef())
                    .isEqualTo(api.id());
            assertThat(kubectl.resources(RestApi.class)
                            .inNamespace("team-a")
                            .withName(api.id())
                            .get()
                            .getSpec()
                            .getResources())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getPath()).isEqualTo("/pets"));

            kubectl.resource(restApi("shop", "team-a")).inNamespace("team-a").create();
            assertThat(alice.getRestApis().items()).anySatisfy(a -> {
                assertThat(a.id()).isEqualTo("shop");
                assertThat(a.description()).isEqualTo("applied with a Kubernetes client");
            });
            alice.updateRestApi(r -> r.restApiId("shop")
                    .patchOperations(p -> p.op("replace").path("/description").value("changed")));
            assertThat(kubectl.resources(RestApi.class)
                            .inNamespace("team-a")
                            .withName("shop")
                            .get()
                            .getSpec()
                            .getDescription())
                    .isEqualTo("changed");
        }
    }

    @Test
    void aKeyMappedToOneNamespaceCannotReadOrWriteAnother() {
        kubectl.resource(restApi("payments", "team-b")).inNamespace("team-b").createOr(op -> op.update());
        try (ApiGatewayClient alice = aws("AKIDALICE", "alice-secret");
                ApiGatewayClient bob = aws("AKIDBOB", "bob-secret")) {
            assertThat(bob.getRestApi(r -> r.restApiId("payments")).id()).isEqualTo("payments");
            assertThatThrownBy(() -> alice.getRestApi(r -> r.restApiId("payments")))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode())
                            .isEqualTo(404));
            assertThatThrownBy(() -> alice.deleteRestApi(r -> r.restApiId("payments")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(alice.getRestApis().items()).extracting(a -> a.id()).doesNotContain("payments");
            String id = alice.createRestApi(r -> r.name("Mine")).id();
            assertThat(kubectl.resources(RestApi.class)
                            .inNamespace("team-b")
                            .withName(id)
                            .get())
                    .isNull();
            assertThat(kubectl.resources(RestApi.class)
                            .inNamespace("team-b")
                            .withName("payments")
                            .get())
                    .isNotNull();
        }
    }

    @Test
    void whatRbacRefusesTheIdentityIsRefusedWithAccessDenied() {
        kubectl.resource(restApi("catalog", "team-a")).inNamespace("team-a").createOr(op -> op.update());
        try (ApiGatewayClient viewer = aws("AKIDVIEWER", "viewer-secret")) {
            assertThat(viewer.getRestApis().items()).extracting(a -> a.id()).contains("catalog");
            int before = kubectl.resources(RestApi.class)
                    .inNamespace("team-a")
                    .list()
                    .getItems()
                    .size();
            assertThatThrownBy(() -> viewer.createRestApi(r -> r.name("Nope")))
                    .isInstanceOfSatisfying(ApiGatewayException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .contains("viewer")
                                .contains("create");
                    });
            assertThatThrownBy(() -> viewer.deleteRestApi(r -> r.restApiId("catalog")))
                    .isInstanceOfSatisfying(ApiGatewayException.class, e -> assertThat(e.statusCode())
                            .isEqualTo(403));
            assertThat(kubectl.resources(RestApi.class)
                            .inNamespace("team-a")
                            .list()
                            .getItems())
                    .hasSize(before);
        }
        try (ApiGatewayClient wrong = aws("AKIDVIEWER", "not-the-secret")) {
            assertThatThrownBy(wrong::getRestApis).isInstanceOfSatisfying(ApiGatewayException.class, e -> assertThat(
                            e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidSignatureException"));
        }
    }
}
