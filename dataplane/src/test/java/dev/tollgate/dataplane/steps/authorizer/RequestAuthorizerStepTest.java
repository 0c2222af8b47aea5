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
import dev.tollgate.ir.RequestAuthorizerConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A TOKEN authorizer whose service is scripted: the token names the policy it answers. */
class RequestAuthorizerStepTest {
    private static final String HOST = "guarded.default.execute-api.localhost";
    private static final String ARN = "arn:aws:execute-api:default::guarded/";

    private final StepHarness.Backend backend = new StepHarness.Backend("{\"pets\":[]}");
    private StepHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private static String policy(String principal, String effect, String resource) {
        return "{\"principalId\":\"" + principal + "\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"" + effect + "\",\"Resource\":\"" + resource
                + "\"}]},\"context\":{\"tier\":\"gold\"}}";
    }

    /** The authorizer service: {@code allow}, {@code deny} and {@code unauthorized} tokens. */
    private static ScriptedUpstream service() {
        return new ScriptedUpstream(sent -> {
            if (sent.body().contains("\"authorizationToken\":\"allow\"")) {
                return ScriptedUpstream.json(200, policy("alice", "Allow", ARN + "prod/*"));
            }
            if (sent.body().contains("\"authorizationToken\":\"deny\"")) {
                return ScriptedUpstream.json(200, policy("mallory", "Deny", ARN + "*"));
            }
            return ScriptedUpstream.json(401, "{\"message\":\"Unauthorized\"}");
        });
    }

    private void serve(ScriptedUpstream service, int ttlSeconds) {
        RequestAuthorizerConfig token = new RequestAuthorizerConfig(
                "token",
                "TOKEN",
                new UrlUpstreamConfig("http", "authorizer.test", 8080),
                "/authorize",
                500,
                List.of("header.authorization"),
                "[a-z]+",
                ttlSeconds);
        harness = new StepHarness()
                .with(Slot.AUTHORIZER, new AuthorizerStepFactory(service))
                .with(Slot.INTEGRATION, backend)
                .serve(config(rest("guarded", stage("prod", authorized("GET", "/pets", "{}", token)))));
    }

    private StepHarness.Answer call(String token) throws Exception {
        return harness.get(HOST, "/prod/pets", "Authorization", token);
    }

    @Test
    void allowPassesWithThePrincipalAndContextRecordedAndIsCachedForItsTtl() throws Exception {
        ScriptedUpstream service = service();
        serve(service, 300);
        StepHarness.Answer answer = call("allow");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.exchange().principalId()).isEqualTo("alice");
        assertThat(answer.exchange().authorizerClaims()).containsEntry("tier", "gold");
        assertThat(call("allow").status()).isEqualTo(200);
        assertThat(service.sent()).hasSize(1);
        ScriptedUpstream.Sent event = service.sent().get(0);
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.uri()).isEqualTo("/authorize");
        assertThat(event.body()).contains("\"type\":\"TOKEN\"").contains("\"methodArn\":\"" + ARN + "prod/GET/pets\"");
    }

    @Test
    void missingOrInvalidIdentityAnswers401WithoutCallingTheService() throws Exception {
        ScriptedUpstream service = service();
        serve(service, 0);
        assertThat(call(null).status()).isEqualTo(401);
        assertThat(call("NOT VALID").status()).isEqualTo(401);
        assertThat(service.sent()).isEmpty();
    }

    @Test
    void explicitDenyAnswers403AndTheServicesUnauthorizedAnswers401() throws Exception {
        serve(service(), 0);
        StepHarness.Answer denied = call("deny");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body())
                .isEqualTo("{\"message\":\"User is not authorized to access this resource with an explicit deny\"}");
        assertThat(call("stranger").status()).isEqualTo(401);
        assertThat(backend.calls()).isZero();
    }

    @Test
    void unreachableServiceAnswers500AuthorizerFailure() throws Exception {
        serve(ScriptedUpstream.failing(UpstreamException.Kind.TIMEOUT), 0);
        StepHarness.Answer answer = call("allow");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("AuthorizerFailureException");
    }
}
