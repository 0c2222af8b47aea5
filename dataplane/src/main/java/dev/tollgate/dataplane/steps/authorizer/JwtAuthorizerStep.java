package dev.tollgate.dataplane.steps.authorizer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.JwtAuthorizerConfig;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT authorizer of one route: reads the bearer token, verifies it against the issuer's key set
 * (fetched without blocking when absent, stale, or missing the token's key) and either continues
 * with the claims recorded on the exchange or answers AWS's 401 / 403 / 500.
 */
final class JwtAuthorizerStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthorizerStep.class);

    private final JwtAuthorizerConfig config;
    private final List<String> scopes;
    private final JwksCache cache;
    private final JwksCache.Source source;
    private final String resource;

    JwtAuthorizerStep(JwtAuthorizerConfig config, List<String> scopes, JwksCache cache, String resource) {
        this.config = config;
        this.scopes = scopes;
        this.cache = cache;
        this.source = JwksCache.Source.of(config);
        this.resource = resource;
    }

    @Override
    public void apply(Exchange exchange) {
        String value = exchange.request().headers().get(config.identityHeader());
        if (value == null || value.isBlank()) {
            exchange.fail(AuthErrors.UNAUTHORIZED);
            return;
        }
        String token = value.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        SignedJWT jwt = JwtVerifier.parse(token);
        if (jwt == null) {
            refuse(exchange, JwtVerifier.Failure.MALFORMED);
            return;
        }
        JWKSet keys = cache.fresh(source);
        if (keys != null && (JwtVerifier.hasKey(jwt, keys) || !cache.mayRefresh(source))) {
            decide(exchange, jwt, keys);
            return;
        }
        // Absent, stale, or without the token's key (a rotation): fetch once, then decide.
        exchange.resume(cache.load(source, exchange.eventLoop()), (loaded, error) -> {
            if (loaded == null) {
                LOG.warn("{}: JWT authorizer {} has no key set; refusing", resource, config.name());
                exchange.fail(AuthErrors.CONFIGURATION_ERROR);
                return;
            }
            decide(exchange, jwt, loaded);
        });
    }

    private void decide(Exchange exchange, SignedJWT jwt, JWKSet keys) {
        JwtVerifier.Result result = JwtVerifier.verify(jwt, keys, config, scopes, System.currentTimeMillis());
        if (!result.ok()) {
            refuse(exchange, result.failure());
            return;
        }
        Map<String, String> claims = new TreeMap<>();
        result.claims().getClaims().forEach((k, v) -> claims.put("claims." + k, claimText(v)));
        exchange.authorized(result.claims().getSubject(), claims);
        exchange.proceed();
    }

    private static String claimText(Object v) {
        if (v instanceof Date d) {
            return Long.toString(d.getTime() / 1000);
        }
        if (v instanceof List<?> list) {
            // AWS renders list claims as [a b c].
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : " ").append(list.get(i));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }

    private void refuse(Exchange exchange, JwtVerifier.Failure failure) {
        // The reason only: the token is a credential and never reaches a log line.
        LOG.info(
                "{}: request {} refused by JWT authorizer {}: {}",
                resource,
                exchange.requestId(),
                config.name(),
                failure.name().toLowerCase(Locale.ROOT));
        exchange.fail(
                failure == JwtVerifier.Failure.INSUFFICIENT_SCOPE
                        ? AuthErrors.INSUFFICIENT_SCOPE
                        : AuthErrors.UNAUTHORIZED);
    }
}
