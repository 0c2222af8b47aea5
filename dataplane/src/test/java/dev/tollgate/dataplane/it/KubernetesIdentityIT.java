package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.proxy;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.dataplane.source.kube.Fabric8Reviews;
import dev.tollgate.dataplane.source.kube.SecretKeyMaterial;
import dev.tollgate.dataplane.testing.CallerSigner;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AWS_IAM as Kubernetes identity against Fabric8's mock API server, which answers TokenReviews as an
 * audience-aware API server does: {@code good-token} and {@code other-token} are issued for the
 * gateway's audience, {@code cluster-token} for the API server's own (a pod's default token) and is
 * refused with Kubernetes' audience error; {@code unaware-token} is accepted by an authenticator that
 * ignores audiences (no {@code status.audiences}). SubjectAccessReview allows {@code invoke} on
 * {@code restapis/prod} of {@code orders} to {@code good-token}'s identity only. SigV4 callers'
 * access keys are in the data plane's own Secret, as the operator copies them: {@code AKIDORDERS}
 * maps to the allowed identity, {@code AKIDINTRUDER} to another.
 */
class KubernetesIdentityIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "orders.team-a.execute-api.localhost";
    private static final AtomicInteger TOKEN_REVIEWS = new AtomicInteger();
    private static final AtomicInteger ACCESS_REVIEWS = new AtomicInteger();
    private static final AtomicReference<SubjectAccessReview> LAST_ACCESS = new AtomicReference<>();
    private static final AtomicReference<TokenReview> LAST_TOKEN_REVIEW = new AtomicReference<>();
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static Fabric8Reviews reviews;

    @BeforeAll
    static void start() {
        server = new KubernetesMockServer(false);
        server.init();
        server.expect()
                .post()
                .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
                .andReply(201, request -> {
                    TOKEN_REVIEWS.incrementAndGet();
                    TokenReview in = Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
                    LAST_TOKEN_REVIEW.set(in);
                    String token = in.getSpec().getToken();
                    String user =
                            switch (token) {
                                case "good-token", "echo-token", "side-token" ->
                                    "system:serviceaccount:team-a:orders-client";
                                case "other-token" -> "system:serviceaccount:team-b:intruder";
                                case "cluster-token", "unaware-token" -> "system:serviceaccount:team-a:orders-client";
                                default -> null;
                            };
                    List<String> issuedFor =
                            switch (token) {
                                case "cluster-token" -> List.of("https://kubernetes.default.svc.cluster.local");
                                case "unaware-token" -> List.of();
                                default -> List.of(Fabric8Reviews.DEFAULT_AUDIENCE);
                            };
                    List<String> common = in.getSpec().getAudiences().stream()
                            .filter(issuedFor::contains)
                            .toList();
                    if (user != null && !token.equals("unaware-token") && common.isEmpty()) {
                        return new TokenReviewBuilder(in)
                                .withNewStatus()
                                .withAuthenticated(false)
                                .withError("[invalid bearer token, token audiences " + issuedFor
                                        + " is invalid for the target audiences "
                                        + in.getSpec().getAudiences() + "]")
                                .endStatus()
                                .build();
                    }
                    return new TokenReviewBuilder(in)
                            .withNewStatus()
                            .withAuthenticated(user != null)
                            .withAudiences(common)
                            .withNewUser()
                            .withUsername(user)
                            .withGroups(List.of("system:serviceaccounts"))
                            .endUser()
                            .endStatus()
                            .build();
                })
                .always();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                .andReply(201, request -> {
                    ACCESS_REVIEWS.incrementAndGet();
                    SubjectAccessReview in =
                            Serialization.unmarshal(request.getBody().readUtf8(), SubjectAccessReview.class);
                    LAST_ACCESS.set(in);
                    var attrs = in.getSpec().getResourceAttributes();
                    boolean allowed = in.getSpec().getUser().equals("system:serviceaccount:team-a:orders-client")
                            && attrs.getVerb().equals("invoke")
                            && attrs.getGroup().equals("apigateway.tollgate.dev")
                            && attrs.getResource().equals("restapis")
                            && attrs.getSubresource().equals("prod")
                            && attrs.getName().equals("orders")
                            && attrs.getNamespace().equals("team-a");
                    return new SubjectAccessReviewBuilder(in)
                            .withNewStatus()
                            .withAllowed(allowed)
                            .endStatus()
                            .build();
                })
                .always();
        client = server.createClient();
        reviews = new Fabric8Reviews(client);
        RouteAuthorizationConfig iam =
                new RouteAuthorizationConfig(new KubernetesAuthorizerConfig("AWS_IAM", 10), List.of());
        GATEWAY.serve(config(
                "team-a",
                List.of(rest(
                        "orders",
                        stage(
                                "prod",
                                new RouteConfig("GET", "/orders", false, mock("{\"orders\":[]}"), iam),
                                new RouteConfig(
                                        "GET",
                                        "/echo",
                                        false,
                                        proxy(url(GATEWAY.echoPort()), "/echo", List.of()),
                                        iam)),
                        stage("dev", new RouteConfig("GET", "/orders", false, mock("{\"orders\":[]}"), iam)))),
                List.of()));
        GATEWAY.gateway().authorizers().kubernetes(reviews);
        // The access keys as the operator copies them into the data plane's own Secret.
        Map<String, byte[]> copied = new TreeMap<>();
        copied.put(SecretCredentials.copyKey("AKIDORDERS", "secretAccessKey"), bytes("orders-secret"));
        copied.put(
                SecretCredentials.copyKey("AKIDORDERS", "username"),
                bytes("system:serviceaccount:team-a:orders-client"));
        copied.put(SecretCredentials.copyKey("AKIDORDERS", "groups"), bytes("ci, system:serviceaccounts"));
        copied.put(SecretCredentials.copyKey("AKIDINTRUDER", "secretAccessKey"), bytes("intruder-secret"));
        copied.put(
                SecretCredentials.copyKey("AKIDINTRUDER", "username"), bytes("system:serviceaccount:team-b:intruder"));
        GATEWAY.gateway()
                .authorizers()
                .signed()
                .keys()
                .update(List.of("team-a"), new SecretKeyMaterial("team-a", copied));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RawHttp.Response signedCall(String stage, String path, String keyId, String secret)
            throws Exception {
        URI uri = URI.create("http://" + HOST + ":" + GATEWAY.port() + "/" + stage + path);
        StringBuilder request = new StringBuilder("GET /" + stage + path + " HTTP/1.1\r\n");
        CallerSigner.sign("GET", uri, null, keyId, secret, Clock.systemUTC())
                .forEach((name, values) -> values.forEach(
                        v -> request.append(name).append(": ").append(v).append("\r\n")));
        return GATEWAY.raw(request.append("\r\n").toString());
    }

    @AfterAll
    static void stop() {
        reviews.close();
        client.close();
        server.destroy();
    }

    private static RawHttp.Response call(String stage, String token) throws Exception {
        return call(stage, "/orders", token);
    }

    private static RawHttp.Response call(String stage, String path, String token) throws Exception {
        return GATEWAY.raw("GET /" + stage + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
    }

    @Test
    void tokenReviewAsksForTheGatewaysAudience() throws Exception {
        assertThat(call("dev", "good-token").status()).isEqualTo(403);
        assertThat(LAST_TOKEN_REVIEW.get().getSpec().getAudiences()).containsExactly("tollgate.dev/gateway");
    }

    @Test
    void tokenIssuedForTheApiServerIsRefusedWithForbidden() throws Exception {
        int before = ACCESS_REVIEWS.get();
        RawHttp.Response r = call("prod", "/echo", "cluster-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("ForbiddenException");
        assertThat(ACCESS_REVIEWS.get()).isEqualTo(before);
    }

    @Test
    void tokenAcceptedWithoutAudienceConfirmationIsRefusedWithForbidden() throws Exception {
        RawHttp.Response r = call("prod", "/echo", "unaware-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void callersTokenNeverReachesTheBackend() throws Exception {
        RawHttp.Response r = call("prod", "/echo", "echo-token");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"path\":\"/echo\"")
                .doesNotContainIgnoringCase("authorization")
                .doesNotContain("echo-token");
        // The cached decision takes the same path.
        RawHttp.Response again = call("prod", "/echo", "echo-token");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).doesNotContainIgnoringCase("authorization").doesNotContain("echo-token");
    }

    @Test
    void allowedServiceAccountIsServedAndTheDecisionIsCached() throws Exception {
        int before = TOKEN_REVIEWS.get();
        assertThat(call("prod", "good-token").status()).isEqualTo(200);
        assertThat(call("prod", "good-token").status()).isEqualTo(200);
        assertThat(TOKEN_REVIEWS.get() - before).isEqualTo(1);
        SubjectAccessReview asked = LAST_ACCESS.get();
        assertThat(asked.getSpec().getGroups()).containsExactly("system:serviceaccounts");
    }

    @Test
    void sameIdentityOnAStageItMayNotInvokeIsDenied() throws Exception {
        RawHttp.Response r = call("dev", "good-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body())
                .isEqualTo(
                        "{\"message\":\"User: system:serviceaccount:team-a:orders-client is not authorized to"
                                + " perform: execute-api:Invoke on resource: arn:aws:execute-api:team-a::orders/dev/GET/orders\"}");
    }

    @Test
    void otherAuthenticatedIdentityIsDenied() throws Exception {
        RawHttp.Response r = call("prod", "other-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
    }

    @Test
    void unknownTokenIsRefusedWithoutAnAccessReview() throws Exception {
        int before = ACCESS_REVIEWS.get();
        RawHttp.Response r = call("prod", "forged-token");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"The security token included in the request is invalid.\"}");
        assertThat(ACCESS_REVIEWS.get()).isEqualTo(before);
    }

    @Test
    void unreachableOrUnconfiguredApiServerFailsClosedWith500() throws Exception {
        try (KubernetesClient down = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:1")
                                .withConnectionTimeout(500)
                                .withRequestTimeout(1000)
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build();
                Fabric8Reviews failing = new Fabric8Reviews(down)) {
            GATEWAY.gateway().authorizers().kubernetes(failing);
            RawHttp.Response r = call("prod", "down-token");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
            GATEWAY.gateway().authorizers().kubernetes(null);
            RawHttp.Response none = call("prod", "unconfigured-token");
            assertThat(none.status()).isEqualTo(500);
            assertThat(none.header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
        } finally {
            GATEWAY.gateway().authorizers().kubernetes(reviews);
        }
    }

    @Test
    void signedCallerIsReviewedAsItsMappedIdentityWithoutATokenReview() throws Exception {
        int tokenReviews = TOKEN_REVIEWS.get();

        RawHttp.Response r = signedCall("prod", "/echo", "AKIDORDERS", "orders-secret");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContainIgnoringCase("authorization");
        SubjectAccessReview asked = LAST_ACCESS.get();
        assertThat(asked.getSpec().getUser()).isEqualTo("system:serviceaccount:team-a:orders-client");
        assertThat(asked.getSpec().getGroups()).containsExactly("ci", "system:serviceaccounts");
        assertThat(TOKEN_REVIEWS.get()).isEqualTo(tokenReviews);
    }

    @Test
    void signedCallerWhoseIdentityMayNotInvokeIsDenied() throws Exception {
        RawHttp.Response r = signedCall("prod", "/orders", "AKIDINTRUDER", "intruder-secret");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
        assertThat(r.body())
                .isEqualTo(
                        "{\"message\":\"User: system:serviceaccount:team-b:intruder is not authorized to"
                                + " perform: execute-api:Invoke on resource: arn:aws:execute-api:team-a::orders/prod/GET/orders\"}");
    }

    @Test
    void bearerTokensAndSignaturesWorkSideBySideOnOneMethod() throws Exception {
        assertThat(call("prod", "side-token").status()).isEqualTo(200);
        assertThat(signedCall("prod", "/orders", "AKIDORDERS", "orders-secret").status())
                .isEqualTo(200);
    }

    @Test
    void missingTokenAnswersMissingAuthenticationToken() throws Exception {
        RawHttp.Response r = call("prod", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }
}
