package dev.tollgate.dataplane.steps.authorizer;

import static dev.tollgate.dataplane.testing.TestConfigs.authorized;
import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.ScriptedUpstream;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS_IAM as Kubernetes identity, the reviews answered by a scripted API server on another thread:
 * {@code good} may invoke, {@code other} is known but may not, anything else is not a token.
 */
class KubernetesAuthorizerStepTest {
    private static final String HOST = "orders.team-a.execute-api.localhost";

    private final AtomicInteger reviews = new AtomicInteger();
    private final StepHarness.Backend backend = new StepHarness.Backend("{\"orders\":[]}");
    // AWS_IAM sends nothing upstream: any backend call would fail the test.
    private final AuthorizerStepFactory authorizers =
            new AuthorizerStepFactory(ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED));
    private StepHarness harness;

    private final KubernetesReviews scripted = (token, namespace, api, stage) -> {
        reviews.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> switch (token) {
            case "good" -> new KubernetesReviews.Decision(true, "system:serviceaccount:team-a:client", true);
            case "other" -> new KubernetesReviews.Decision(true, "system:serviceaccount:team-b:intruder", false);
            default -> new KubernetesReviews.Decision(false, null, false);
        });
    };

    @BeforeEach
    void serve() {
        authorizers.kubernetes(scripted);
        harness = new StepHarness()
                .with(Slot.AUTHORIZER, authorizers)
                .with(Slot.INTEGRATION, backend)
                .serve(config(
                        "team-a",
                        List.of(rest(
                                "orders",
                                stage(
                                        "prod",
                                        authorized(
                                                "GET",
                                                "/orders",
                                                "{}",
                                                new KubernetesAuthorizerConfig("AWS_IAM", 10))))),
                        List.of()));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private StepHarness.Answer call(String token) throws Exception {
        return harness.get(HOST, "/prod/orders", "Authorization", token == null ? null : "Bearer " + token);
    }

    @Test
    void allowedIdentityPassesAsItsPrincipalAndTheDecisionIsCached() throws Exception {
        StepHarness.Answer answer = call("good");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.exchange().principalId()).isEqualTo("system:serviceaccount:team-a:client");
        assertThat(call("good").status()).isEqualTo(200);
        assertThat(reviews).hasValue(1);
    }

    @Test
    void identityThatMayNotInvokeTheStageAnswers403AccessDeniedNamingTheArn() throws Exception {
        StepHarness.Answer answer = call("other");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body())
                .isEqualTo(
                        "{\"message\":\"User: system:serviceaccount:team-b:intruder is not authorized to"
                                + " perform: execute-api:Invoke on resource: arn:aws:execute-api:team-a::orders/prod/GET/orders\"}");
        assertThat(backend.calls()).isZero();
    }

    @Test
    void unknownTokenAnswers403InvalidTokenAndMissingTokenAnswersWithoutAReview() throws Exception {
        assertThat(call("forged").body())
                .isEqualTo("{\"message\":\"The security token included in the request is invalid.\"}");
        int before = reviews.get();
        StepHarness.Answer missing = call(null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(reviews).hasValue(before);
    }

    @Test
    void failedReviewAnswers500AuthorizerFailureAndNoReviewerAnswers500ConfigurationError() throws Exception {
        authorizers.kubernetes((token, namespace, api, stage) ->
                CompletableFuture.failedFuture(new IllegalStateException("API server down")));
        assertThat(call("good").header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
        authorizers.kubernetes(null);
        assertThat(call("good").header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
    }
}
