package dev.tollgate.dataplane.steps.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.ir.JwtAuthorizerConfig;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final JwtAuthorizerConfig CONFIG = new JwtAuthorizerConfig(
            "jwt", "https://iss", List.of("aud-1"), "http://127.0.0.1/jwks", "authorization", 30, true);
    private static RSAKey key;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k").generate();
    }

    private static SignedJWT token(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return SignedJWT.parse(jwt.serialize());
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("https://iss")
                .audience(List.of("other", "aud-1"))
                .expirationTime(new Date(NOW + 60_000));
    }

    private static JwtVerifier.Failure failure(JWTClaimsSet claims, JWKSet keys, List<String> scopes) throws Exception {
        return JwtVerifier.verify(token(claims), keys, CONFIG, scopes, NOW).failure();
    }

    @Test
    void validTokenWithOneOfTheAudiencesPasses() throws Exception {
        assertThat(failure(claims().build(), new JWKSet(key.toPublicJWK()), List.of()))
                .isNull();
    }

    @Test
    void expiryAndNotBeforeHonourTheClockSkewExactly() throws Exception {
        JWKSet keys = new JWKSet(key.toPublicJWK());
        assertThat(failure(claims().expirationTime(new Date(NOW - 29_000)).build(), keys, List.of()))
                .isNull();
        assertThat(failure(claims().expirationTime(new Date(NOW - 30_000)).build(), keys, List.of()))
                .isEqualTo(JwtVerifier.Failure.EXPIRED);
        assertThat(failure(claims().notBeforeTime(new Date(NOW + 30_000)).build(), keys, List.of()))
                .isNull();
        assertThat(failure(claims().notBeforeTime(new Date(NOW + 31_000)).build(), keys, List.of()))
                .isEqualTo(JwtVerifier.Failure.NOT_YET_VALID);
    }

    @Test
    void keysMarkedForEncryptionOrAnotherAlgorithmAreNotUsed() throws Exception {
        RSAKey enc = new RSAKey.Builder(key.toRSAPublicKey())
                .keyID("k")
                .keyUse(KeyUse.ENCRYPTION)
                .build();
        assertThat(failure(claims().build(), new JWKSet(enc), List.of())).isEqualTo(JwtVerifier.Failure.UNKNOWN_KEY);
        RSAKey ps = new RSAKey.Builder(key.toRSAPublicKey())
                .keyID("k")
                .algorithm(JWSAlgorithm.PS256)
                .build();
        assertThat(failure(claims().build(), new JWKSet(ps), List.of())).isEqualTo(JwtVerifier.Failure.UNKNOWN_KEY);
    }

    @Test
    void scopesComeFromScopeOrScp() throws Exception {
        JWKSet keys = new JWKSet(key.toPublicJWK());
        assertThat(failure(claims().claim("scope", "a b").build(), keys, List.of("b")))
                .isNull();
        assertThat(failure(claims().claim("scp", List.of("c")).build(), keys, List.of("c")))
                .isNull();
        assertThat(failure(claims().claim("scope", "a").build(), keys, List.of("b")))
                .isEqualTo(JwtVerifier.Failure.INSUFFICIENT_SCOPE);
        // A scope that only contains the needed one as a substring does not count.
        assertThat(failure(claims().claim("scope", "admin:read").build(), keys, List.of("admin")))
                .isEqualTo(JwtVerifier.Failure.INSUFFICIENT_SCOPE);
    }

    @Test
    void unsignedAndMalformedTokensDoNotParse() {
        assertThat(JwtVerifier.parse("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).isNull();
        assertThat(JwtVerifier.parse("a.b.c")).isNull();
        assertThat(JwtVerifier.parse("")).isNull();
    }
}
