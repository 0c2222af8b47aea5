package dev.tollgate.dataplane.it;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.Jwts;
import dev.tollgate.dataplane.testing.MutableClock;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where JWT authorizers get their keys, against a real issuer on 127.0.0.1: OpenID Connect discovery
 * from the issuer alone, plain http refused unless the authorizer allows it, a discovery document
 * for another issuer refused, and a key set dropped on schedule while its JWKS stays unreachable
 * (the gateway's clock moved by the test).
 */
class JwksTrustIT {
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    @RegisterExtension
    static final GatewayExtension GATEWAY = new GatewayExtension().options(o -> o.withClock(CLOCK));

    private static final String HOST = "keys.default.execute-api.localhost";
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    private static final AtomicBoolean STALE_UP = new AtomicBoolean(true);

    private static HttpServer issuer;
    private static RSAKey key;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String jwks = new JWKSet(key).toPublicJWKSet().toString();
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + issuer.getAddress().getPort();
        issuer.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String body;
            int status = 200;
            if (path.equals("/tenant/.well-known/openid-configuration")) {
                body = "{\"issuer\":\"" + base + "/tenant\",\"jwks_uri\":\"" + base + "/tenant/keys\"}";
            } else if (path.equals("/liar/.well-known/openid-configuration")) {
                body = "{\"issuer\":\"" + base + "/tenant\",\"jwks_uri\":\"" + base + "/tenant/keys\"}";
            } else if (path.equals("/stale-keys") && !STALE_UP.get()) {
                body = "{}";
                status = 503;
            } else {
                body = jwks;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        issuer.start();
        GATEWAY.serve(config(rest(
                "keys",
                stage(
                        "prod",
                        route(
                                "/discovered",
                                new JwtAuthorizerConfig(
                                        "discovered",
                                        base + "/tenant",
                                        List.of("api"),
                                        null,
                                        "authorization",
                                        0,
                                        true)),
                        route(
                                "/liar",
                                new JwtAuthorizerConfig(
                                        "liar", base + "/liar", List.of("api"), null, "authorization", 0, true)),
                        route(
                                "/strict",
                                new JwtAuthorizerConfig(
                                        "strict",
                                        base + "/tenant",
                                        List.of("api"),
                                        base + "/strict-keys",
                                        "authorization",
                                        0,
                                        false)),
                        route(
                                "/stale",
                                new JwtAuthorizerConfig(
                                        "stale",
                                        base + "/tenant",
                                        List.of("api"),
                                        base + "/stale-keys",
                                        "authorization",
                                        0,
                                        true))))));
    }

    @AfterAll
    static void stop() {
        issuer.stop(0);
    }

    private static RouteConfig route(String path, JwtAuthorizerConfig jwt) {
        return new RouteConfig("GET", path, false, mock("{\"ok\":true}"), new RouteAuthorizationConfig(jwt, List.of()));
    }

    private static RawHttp.Response call(String path) throws Exception {
        String token = Jwts.sign(
                key, JWSAlgorithm.RS256, Jwts.claims(base + "/tenant", "api").build());
        return GATEWAY.raw(
                "GET /prod" + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nAuthorization: Bearer " + token + "\r\n\r\n");
    }

    private static int hits(String path) {
        AtomicInteger n = HITS.get(path);
        return n == null ? 0 : n.get();
    }

    @Test
    void discoveryFindsTheKeySetFromTheIssuerAlone() throws Exception {
        RawHttp.Response r = call("/discovered");
        assertThat(r.status()).isEqualTo(200);
        assertThat(hits("/tenant/.well-known/openid-configuration")).isPositive();
        assertThat(hits("/tenant/keys")).isPositive();
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefused() throws Exception {
        RawHttp.Response r = call("/liar");
        assertThat(r.status()).isEqualTo(500);
        assertThat(hits("/liar/.well-known/openid-configuration")).isPositive();
    }

    @Test
    void keysOverPlainHttpAreNeverFetchedUnlessTheAuthorizerAllowsIt() throws Exception {
        RawHttp.Response r = call("/strict");
        assertThat(r.status()).isEqualTo(500);
        assertThat(hits("/strict-keys")).isZero();
    }

    @Test
    void aKeySetIsDroppedOnScheduleWhileItsJwksStaysUnreachable() throws Exception {
        assertThat(call("/stale").status()).isEqualTo(200);
        STALE_UP.set(false);
        try {
            // Past the refresh age: the refetch fails and the last good set still serves.
            CLOCK.advance(Duration.ofMinutes(6));
            int before = hits("/stale-keys");
            assertThat(call("/stale").status()).isEqualTo(200);
            assertThat(hits("/stale-keys")).isGreaterThan(before);
            // An hour after the last good fetch the set is dropped: tokens are refused, not trusted forever.
            CLOCK.advance(Duration.ofMinutes(60));
            assertThat(call("/stale").status()).isEqualTo(500);
            // The JWKS answers again: the next call fetches it and passes.
            STALE_UP.set(true);
            CLOCK.advance(Duration.ofSeconds(10));
            assertThat(call("/stale").status()).isEqualTo(200);
        } finally {
            STALE_UP.set(true);
        }
    }
}
