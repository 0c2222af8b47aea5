package dev.tollgate.dataplane.steps.authorizer;

import static dev.tollgate.dataplane.testing.TestConfigs.authorized;
import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.dataplane.runtime.StepOrder.Slot;
import dev.tollgate.dataplane.testing.Jwts;
import dev.tollgate.dataplane.testing.ScriptedUpstream;
import dev.tollgate.dataplane.testing.StepHarness;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.ir.JwtAuthorizerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JWT authorizer step, its key set served by a scripted issuer (no socket). */
class JwtAuthorizerStepTest {
    private static final String HOST = "secure.default.execute-api.localhost";
    private static final String ISSUER = "https://issuer.example.com";
    private static final JwtAuthorizerConfig JWT = new JwtAuthorizerConfig(
            "jwt", ISSUER, List.of("pets-api"), "https://issuer.example.com/jwks.json", "authorization", 60, false);
    private static ECKey key;

    private final StepHarness.Backend backend = new StepHarness.Backend("{\"pets\":[]}");
    private StepHarness harness;

    @BeforeAll
    static void keys() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void serve(ScriptedUpstream issuer, String... scopes) {
        harness = new StepHarness()
                .with(Slot.AUTHORIZER, new AuthorizerStepFactory(issuer))
                .with(Slot.INTEGRATION, backend)
                .serve(config(rest("secure", stage("prod", authorized("GET", "/pets", "{}", JWT, scopes)))));
    }

    private static ScriptedUpstream issuer() {
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        return new ScriptedUpstream(sent -> ScriptedUpstream.json(200, jwks));
    }

    private static String token(JWTClaimsSet claims) throws Exception {
        return Jwts.sign(key, JWSAlgorithm.ES256, claims);
    }

    private static JWTClaimsSet.Builder claims() {
        return Jwts.claims(ISSUER, "pets-api");
    }

    private StepHarness.Answer call(String token) throws Exception {
        return harness.get(HOST, "/prod/pets", "Authorization", token == null ? null : "Bearer " + token);
    }

    @Test
    void validTokenPassesWithItsSubjectAndClaimsRecordedAndTheKeySetFetchedOnce() throws Exception {
        ScriptedUpstream issuer = issuer();
        serve(issuer);
        StepHarness.Answer first = call(token(claims().claim("team", "blue").build()));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.exchange().principalId()).isEqualTo("user-1");
        assertThat(first.exchange().authorizerClaims())
                .containsEntry("claims.sub", "user-1")
                .containsEntry("claims.team", "blue");
        assertThat(call(token(claims().build())).status()).isEqualTo(200);
        assertThat(issuer.sent()).hasSize(1);
        assertThat(issuer.sent().get(0).uri()).isEqualTo("/jwks.json");
        assertThat(backend.calls()).isEqualTo(2);
    }

    @Test
    void missingTokenAnswers401WithoutFetchingTheKeySet() throws Exception {
        ScriptedUpstream issuer = issuer();
        serve(issuer);
        StepHarness.Answer answer = call(null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(issuer.sent()).isEmpty();
        assertThat(backend.calls()).isZero();
    }

    @Test
    void tokenOfAnotherIssuerAnswers401() throws Exception {
        serve(issuer());
        assertThat(call(token(claims().issuer("https://evil.example.com").build()))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void missingScopeAnswers403() throws Exception {
        serve(issuer(), "pets/admin");
        StepHarness.Answer answer =
                call(token(claims().claim("scope", "pets/read").build()));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void unreachableKeySetAnswers500AuthorizerConfigurationError() throws Exception {
        serve(ScriptedUpstream.failing(UpstreamException.Kind.CONNECT_FAILED));
        StepHarness.Answer answer = call(token(claims().build()));
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
    }
}
