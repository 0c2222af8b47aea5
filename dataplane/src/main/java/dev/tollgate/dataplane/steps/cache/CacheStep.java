package dev.tollgate.dataplane.steps.cache;

import dev.tollgate.dataplane.limits.LimitErrors;
import dev.tollgate.dataplane.limits.SharedState;
import dev.tollgate.dataplane.runtime.BodyReadingStep;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.dataplane.tls.TlsInfo;
import dev.tollgate.ir.CacheConfig;
import dev.tollgate.ir.CacheInvalidation;
import dev.tollgate.ir.CacheKeyParameter;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Answers GET requests from the stage cache (or, on a route of another method whose caching a
 * method setting turned on, requests of that method: see {@link BodyKeyed}), and caches the
 * integration's 2xx answers on a miss.
 * A {@code Cache-Control: max-age=0} request skips the lookup and replaces the entry when the
 * caller may invalidate (no authorization required, or a valid API key on a key-required method);
 * otherwise the configured strategy applies. An unreachable store bypasses the cache: the backend
 * answers, whatever the failure mode, since a cache never refuses traffic.
 */
class CacheStep implements Step {
    /** The warning AWS's SUCCEED_WITH_RESPONSE_HEADER strategy adds to an ignored invalidation. */
    static final String IGNORED_WARNING = "199 - \"Cache-Control: max-age=0 ignored: not authorized to invalidate\"";

    private final String cacheId;
    private final int sizeMb;
    private final String routeKey;
    private final CacheConfig config;
    private final SharedState state;
    private final Counter hits;
    private final Counter misses;
    private final Caller caller;

    /**
     * Who the key names on an authorized route, so no caller is answered with another's response.
     *
     * @param byApiKey the method requires an API key: the key's id
     * @param byPrincipal the method has an authorizer: its principal (the token's SHA-256 without one)
     */
    record Caller(boolean byApiKey, boolean byPrincipal) {}

    CacheStep(
            String cacheId,
            int sizeMb,
            String routeKey,
            CacheConfig config,
            SharedState state,
            Counter hits,
            Counter misses,
            Caller caller) {
        this.cacheId = cacheId;
        this.sizeMb = sizeMb;
        this.routeKey = routeKey;
        this.config = config;
        this.state = state;
        this.hits = hits;
        this.misses = misses;
        this.caller = caller;
    }

    /** Whether this step serves the request's method from the cache. */
    boolean caches(HttpMethod method) {
        return method.equals(HttpMethod.GET);
    }

    @Override
    public void apply(Exchange exchange) {
        if (!caches(exchange.request().method())) {
            exchange.proceed();
            return;
        }
        String key = key(exchange);
        boolean invalidate = wantsInvalidation(exchange);
        boolean ignoredInvalidation = false;
        if (invalidate && config.requireAuthorizationForCacheControl() && exchange.apiKey() == null) {
            if (config.unauthorized() == CacheInvalidation.FAIL_WITH_403) {
                exchange.fail(LimitErrors.CACHE_INVALIDATION_DENIED);
                return;
            }
            invalidate = false;
            ignoredInvalidation = config.unauthorized() == CacheInvalidation.SUCCEED_WITH_RESPONSE_HEADER;
        }
        boolean warn = ignoredInvalidation;
        if (invalidate) {
            misses.increment();
            storeOnSuccess(exchange, key, false);
            exchange.proceed();
            return;
        }
        exchange.resume(state.cacheGet(cacheId, sizeMb, key), (stored, error) -> {
            FullHttpResponse hit = stored == null ? null : CachedResponse.decode(stored, exchange.alloc());
            if (hit != null) {
                hits.increment();
                exchange.cacheHit();
                if (warn) {
                    hit.headers().set(HttpHeaderNames.WARNING, IGNORED_WARNING);
                }
                exchange.respond(hit);
                return;
            }
            misses.increment();
            // Nothing is stored while the store is down; the backend answers.
            if (error == null) {
                storeOnSuccess(exchange, key, warn);
            } else if (warn) {
                exchange.observeResponse(r -> r.headers().set(HttpHeaderNames.WARNING, IGNORED_WARNING));
            }
            exchange.proceed();
        });
    }

    private void storeOnSuccess(Exchange exchange, String key, boolean warn) {
        exchange.observeResponse(response -> {
            int status = response.status().code();
            // Only what AWS caches: the integration's successful answers, never the gateway's errors;
            // and never an answer meant for one client (a cookie, or the backend saying so).
            if (status >= 200 && status < 300 && exchange.error() == null && shareable(response)) {
                state.cachePut(cacheId, sizeMb, key, CachedResponse.encode(response), config.ttlSeconds());
            }
            if (warn) {
                response.headers().set(HttpHeaderNames.WARNING, IGNORED_WARNING);
            }
        });
    }

    /**
     * Whether a response may be served to other requests: not when it sets a cookie (a session
     * handed to one client) or its {@code Cache-Control} says {@code private} or {@code no-store}.
     */
    static boolean shareable(FullHttpResponse response) {
        if (response.headers().contains(HttpHeaderNames.SET_COOKIE)) {
            return false;
        }
        for (String value : response.headers().getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : value.split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                if (d.equals("private") || d.startsWith("private=") || d.equals("no-store")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean wantsInvalidation(Exchange exchange) {
        for (String value : exchange.request().headers().getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : value.split(",")) {
                if (directive.trim().toLowerCase(Locale.ROOT).equals("max-age=0")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Method, resource path, the caller on an authorized route (and a verified client certificate
     * whatever the route), and the key parameters' values,
     * unambiguously joined. Every value a parameter has is in the key, in the order sent: the
     * backend may read any of them (a proxy forwards them all), so {@code ?a=evil&a=1} can never
     * fill the entry of {@code ?a=1}, nor {@code ?a=2&a=1} that of {@code ?a=1&a=2}.
     */
    String key(Exchange exchange) {
        StringBuilder sb = new StringBuilder(routeKey);
        if (caller.byApiKey()) {
            sb.append("\napikey:")
                    .append(exchange.apiKey() == null ? "" : exchange.apiKey().id());
        }
        if (caller.byPrincipal()) {
            String principal = exchange.principalId();
            if (principal != null) {
                sb.append("\nprincipal:").append(principal.length()).append(':').append(principal);
            } else {
                String token = exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION);
                sb.append("\ntoken:").append(token == null ? "" : sha256(token.getBytes(StandardCharsets.UTF_8)));
            }
        }
        TlsInfo tls = exchange.tls();
        if (tls != null && tls.clientCertificate() != null) {
            // A verified client certificate is an identity too (mutual TLS): never shared with another.
            String cert = tls.clientCertificate().issuerDn() + "|"
                    + tls.clientCertificate().serialNumber();
            sb.append("\ncert:").append(cert.length()).append(':').append(cert);
        }
        for (CacheKeyParameter p : config.keyParameters()) {
            List<String> values =
                    switch (p.location()) {
                        case PATH -> {
                            String v = exchange.pathParameters().get(p.name());
                            if (v == null && p.name().equals(exchange.greedyName())) {
                                v = String.join("/", exchange.greedySegments());
                            }
                            yield v == null ? List.of() : List.of(v);
                        }
                        case QUERYSTRING, MULTIVALUEQUERYSTRING ->
                            exchange.query().all(p.name());
                        case HEADER, MULTIVALUEHEADER ->
                            exchange.request().headers().getAll(p.name());
                    };
            sb.append('\n').append(p.location().ordinal()).append(':').append(p.name());
            for (String v : values) {
                sb.append('\u0000').append(v.length()).append(':').append(v);
            }
        }
        return sb.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cache step of a route of another method than GET whose caching a method setting turned
     * on (AWS caches such a method then): requests of the route's own method are cached, and as
     * their answers depend on their bodies, the key also holds the body's SHA-256, so the step
     * reads the whole body.
     */
    static final class BodyKeyed extends CacheStep implements BodyReadingStep {
        private final HttpMethod method;

        BodyKeyed(
                HttpMethod method,
                String cacheId,
                int sizeMb,
                String routeKey,
                CacheConfig config,
                SharedState state,
                Counter hits,
                Counter misses,
                Caller caller) {
            super(cacheId, sizeMb, routeKey, config, state, hits, misses, caller);
            this.method = method;
        }

        @Override
        boolean caches(HttpMethod requestMethod) {
            return requestMethod.equals(method);
        }

        @Override
        String key(Exchange exchange) {
            return super.key(exchange) + "\nbody:" + sha256(ByteBufUtil.getBytes(exchange.body()));
        }
    }
}
