package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.whoami;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.Jwts;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JWT authorizer against a real JWKS server on 127.0.0.1, with key rotation. */
class JwtAuthorizerIT {
    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension();

    private static final String HOST = "secure.default.execute-api.localhost";
    private static final String ISSUER = "https://issuer.example.com";
    private static final AtomicReference<String> JWKS = new AtomicReference<>();
    private static final AtomicInteger JWKS_HITS = new AtomicInteger();

    private static HttpServer jwksServer;
    private static RSAKey rsa;
    private static RSAKey rotated;
    private static ECKey ec;
    private static RSAKey stranger;

    @BeforeAll
    static void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        publish(rsa, ec);
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", ex -> {
            JWKS_HITS.incrementAndGet();
            byte[] body = JWKS.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwksServer.start();
        String jwksUri = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json";
        JwtAuthorizerConfig jwt =
                new JwtAuthorizerConfig("jwt", ISSUER, List.of("pets-api"), jwksUri, "authorization", 60, true);
        JwtAuthorizerConfig down = new JwtAuthorizerConfig(
                "down", ISSUER, List.of("pets-api"), "http://127.0.0.1:1/jwks", "authorization", 60, true);
        GATEWAY.serve(config(rest(
                "secure",
                stage(
                        "prod",
                        new RouteConfig(
                                "GET",
                                "/pets",
                                false,
                                mock("{\"pets\":[]}"),
                                new RouteAuthorizationConfig(jwt, List.of())),
                        new RouteConfig(
                                "GET",
                                "/admin",
                                false,
                                mock("{\"admin\":true}"),
                                new RouteAuthorizationConfig(jwt, List.of("pets/admin"))),
                        whoami(GATEWAY.echoPort(), new RouteAuthorizationConfig(jwt, List.of()), "claims.sub"),
                        new RouteConfig(
                                "GET", "/down", false, mock("{}"), new RouteAuthorizationConfig(down, List.of()))))));
    }

    @AfterAll
    static void stop() {
        jwksServer.stop(0);
    }

    private static void publish(JWK... keys) {
        JWKS.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private static JWTClaimsSet.Builder claims() {
        return Jwts.claims(ISSUER, "pets-api");
    }

    private static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        return Jwts.sign(key, alg, claims);
    }

    private static RawHttp.Response call(String path, String token) throws Exception {
        return GATEWAY.raw("GET /prod" + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
    }

    private static void assertUnauthorized(RawHttp.Response r) {
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("UnauthorizedException");
    }

    @Test
    void validRs256TokenPasses() throws Exception {
        RawHttp.Response r = call("/pets", sign(rsa, JWSAlgorithm.RS256, claims().build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"pets\":[]}");
    }

    @Test
    void claimsAreMappedToBackendHeaders() throws Exception {
        RawHttp.Response r = call("/whoami", sign(rsa, JWSAlgorithm.RS256, claims().build()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"x-user\":[\"user-1\"]").contains("\"x-principal\":[\"user-1\"]");
    }

    @Test
    void validEs256TokenPasses() throws Exception {
        assertThat(call("/pets", sign(ec, JWSAlgorithm.ES256, claims().build())).status())
                .isEqualTo(200);
    }

    @Test
    void missingTokenAnswers401WithoutCallingAnyone() throws Exception {
        // Warm the key set first, so only a fetch caused by the missing token could count.
        assertThat(call("/pets", sign(rsa, JWSAlgorithm.RS256, claims().build()))
                        .status())
                .isEqualTo(200);
        int before = JWKS_HITS.get();
        assertUnauthorized(call("/pets", null));
        assertUnauthorized(call("/down", null));
        assertThat(JWKS_HITS.get()).as("key set fetches").isEqualTo(before);
    }

    @Test
    void garbageTokenAnswers401() throws Exception {
        assertUnauthorized(call("/pets", "not.a.jwt"));
        assertUnauthorized(call("/pets", "abc"));
    }

    @Test
    void signatureByAnotherKeyWithTheSameKidIsRefused() throws Exception {
        assertUnauthorized(call("/pets", sign(stranger, JWSAlgorithm.RS256, claims().build())));
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String[] parts = sign(rsa, JWSAlgorithm.RS256, claims().build()).split("\\.");
        String evil = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims().subject("admin").build().toString().getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(call("/pets", parts[0] + "." + evil + "." + parts[2]));
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        assertUnauthorized(call(
                "/pets",
                sign(
                        rsa,
                        JWSAlgorithm.RS256,
                        claims().issuer("https://evil.example.com").build())));
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        assertUnauthorized(call(
                "/pets",
                sign(rsa, JWSAlgorithm.RS256, claims().audience("other-api").build())));
    }

    @Test
    void expiredTokenIsRefusedButSkewIsTolerated() throws Exception {
        long now = System.currentTimeMillis();
        assertUnauthorized(call(
                "/pets",
                sign(
                        rsa,
                        JWSAlgorithm.RS256,
                        claims().expirationTime(new Date(now - 120_000)).build())));
        assertThat(call(
                                "/pets",
                                sign(
                                        rsa,
                                        JWSAlgorithm.RS256,
                                        claims().expirationTime(new Date(now - 10_000))
                                                .build()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws Exception {
        assertUnauthorized(call(
                "/pets",
                sign(rsa, JWSAlgorithm.RS256, claims().expirationTime(null).build())));
    }

    @Test
    void notYetValidTokenIsRefused() throws Exception {
        long now = System.currentTimeMillis();
        assertUnauthorized(call(
                "/pets",
                sign(
                        rsa,
                        JWSAlgorithm.RS256,
                        claims().notBeforeTime(new Date(now + 600_000)).build())));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims().build().toString().getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(call("/pets", header + "." + payload + "."));
        assertUnauthorized(call("/pets", header + "." + payload + ".c2ln"));
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        // The key-confusion attack: HS256 keyed with the RSA public key the JWKS publishes.
        byte[] publicKey = rsa.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
        jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, Math.max(32, publicKey.length))));
        assertUnauthorized(call("/pets", jwt.serialize()));
    }

    @Test
    void unknownKidRefetchesOnceAndRotationIsPickedUp() throws Exception {
        // Warm the cache.
        assertThat(call("/pets", sign(rsa, JWSAlgorithm.RS256, claims().build()))
                        .status())
                .isEqualTo(200);
        String rotatedToken = sign(rotated, JWSAlgorithm.RS256, claims().build());
        // The issuer rotates: k2 is published after the gateway last fetched.
        Thread.sleep(5_100);
        publish(rsa, rotated, ec);
        int before = JWKS_HITS.get();
        assertThat(call("/pets", rotatedToken).status()).isEqualTo(200);
        assertThat(JWKS_HITS.get()).isEqualTo(before + 1);
        // A kid nobody published: one refetch at most, then refused; a second such token within the
        // refresh interval does not refetch.
        RSAKey ghost = new RSAKeyGenerator(2048).keyID("ghost").generate();
        int beforeGhost = JWKS_HITS.get();
        assertUnauthorized(call("/pets", sign(ghost, JWSAlgorithm.RS256, claims().build())));
        assertUnauthorized(call("/pets", sign(ghost, JWSAlgorithm.RS256, claims().build())));
        assertThat(JWKS_HITS.get() - beforeGhost).isLessThanOrEqualTo(1);
    }

    @Test
    void missingScopeAnswers403AndAGrantedScopePasses() throws Exception {
        RawHttp.Response denied = call(
                "/admin",
                sign(
                        rsa,
                        JWSAlgorithm.RS256,
                        claims().claim("scope", "pets/read").build()));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(call(
                                "/admin",
                                sign(
                                        rsa,
                                        JWSAlgorithm.RS256,
                                        claims().claim("scope", "pets/read pets/admin")
                                                .build()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void unreachableKeySetAnswers500AuthorizerConfigurationError() throws Exception {
        RawHttp.Response r = call("/down", sign(rsa, JWSAlgorithm.RS256, claims().build()));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo("AuthorizerConfigurationException");
    }

    @Test
    void tokensNeverReachLogLinesOrConfigOutput() throws Exception {
        String good = sign(rsa, JWSAlgorithm.RS256, claims().build());
        String bad = sign(stranger, JWSAlgorithm.RS256, claims().build());
        String signature = bad.substring(bad.lastIndexOf('.') + 1);
        try (LogCapture logs = LogCapture.start()) {
            assertThat(call("/pets", good).status()).isEqualTo(200);
            RawHttp.Response refused = call("/pets", bad);
            assertThat(refused.status()).isEqualTo(401);
            // The refusal is logged (with its request id): the capture covers the line a token could leak into.
            logs.assertSomeEventMentions(refused.header("x-amzn-RequestId"));
            logs.assertNoneContains(signature, good.substring(good.lastIndexOf('.') + 1), bad, good);
        }
        RawHttp.Response config = RawHttp.get(GATEWAY.adminPort(), "localhost", "/config");
        assertThat(config.body()).doesNotContain(signature);
        RawHttp.Response metrics = RawHttp.get(GATEWAY.adminPort(), "localhost", "/metrics");
        assertThat(metrics.body()).doesNotContain(signature).doesNotContain("Bearer");
    }
}
