package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.MethodArn;
import dev.tollgate.dataplane.runtime.Step;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AWS_IAM} as Kubernetes identity on one route: the bearer token is reviewed off the event
 * loop (TokenReview, then SubjectAccessReview for {@code invoke} on {@code restapis/STAGE}), the
 * decision is cached briefly by a hash of the token, and the request resumes on its own loop.
 */
final class KubernetesAuthorizerStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAuthorizerStep.class);
    static final int MAX_ENTRIES = 10_000;

    /** AWS's answer to a token it does not recognise. */
    static final GatewayError INVALID_TOKEN = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "The security token included in the request is invalid.",
            "UnrecognizedClientException",
            "INVALID_SIGNATURE");

    /** AWS's answer to a request without credentials. */
    static final GatewayError MISSING_TOKEN = new GatewayError(
            HttpResponseStatus.FORBIDDEN,
            "Missing Authentication Token",
            "MissingAuthenticationTokenException",
            "MISSING_AUTHENTICATION_TOKEN");

    private record Entry(KubernetesReviews.Decision decision, long expiresAtNanos) {}

    private final KubernetesAuthorizerConfig config;
    private final Supplier<KubernetesReviews> reviews;
    private final Map<String, Object> cache;
    private final String namespace;
    private final String api;

    KubernetesAuthorizerStep(
            KubernetesAuthorizerConfig config,
            Supplier<KubernetesReviews> reviews,
            Map<String, Object> cache,
            String namespace,
            String api) {
        this.config = config;
        this.reviews = reviews;
        this.cache = cache;
        this.namespace = namespace;
        this.api = api;
    }

    @Override
    public void apply(Exchange exchange) {
        String header = exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            exchange.fail(MISSING_TOKEN);
            return;
        }
        String token = header.substring(7).trim();
        String stage = exchange.stage().config().name();
        String key = sha256(token) + "|" + namespace + "/" + api + "/" + stage;
        if (cache.get(key) instanceof Entry e && System.nanoTime() - e.expiresAtNanos() < 0) {
            decide(exchange, e.decision());
            return;
        }
        KubernetesReviews r = reviews.get();
        if (r == null) {
            LOG.warn("{}/RestApi/{}: AWS_IAM needs the Kubernetes API, which is not configured", namespace, api);
            exchange.fail(AuthErrors.CONFIGURATION_ERROR);
            return;
        }
        exchange.resume(r.review(token, namespace, api, stage), (decision, error) -> {
            if (error != null) {
                LOG.warn(
                        "{}/RestApi/{}: Kubernetes review failed: {}",
                        namespace,
                        api,
                        error.getClass().getSimpleName());
                exchange.fail(AuthErrors.AUTHORIZER_FAILURE);
                return;
            }
            if (config.cacheSeconds() > 0) {
                if (cache.size() >= MAX_ENTRIES) {
                    cache.clear();
                }
                cache.put(key, new Entry(decision, System.nanoTime() + config.cacheSeconds() * 1_000_000_000L));
            }
            decide(exchange, decision);
        });
    }

    private void decide(Exchange exchange, KubernetesReviews.Decision decision) {
        if (decision.foreignAudience()) {
            // A token minted for another audience (the API server's, another service's): refused
            // with AWS's plain 403, as a credential scoped to another service is.
            exchange.fail(GatewayError.FORBIDDEN);
            return;
        }
        if (!decision.authenticated()) {
            exchange.fail(INVALID_TOKEN);
            return;
        }
        if (!decision.allowed()) {
            exchange.fail(new GatewayError(
                    HttpResponseStatus.FORBIDDEN,
                    "User: " + decision.username() + " is not authorized to perform: execute-api:Invoke on resource: "
                            + MethodArn.prefix(namespace, api) + MethodArn.resource(exchange),
                    "AccessDeniedException",
                    "ACCESS_DENIED"));
            return;
        }
        exchange.authorized(decision.username(), Map.of());
        // The caller's credential is for the gateway only: a backend never sees (or replays) it.
        exchange.request().headers().remove(HttpHeaderNames.AUTHORIZATION);
        exchange.proceed();
    }

    static Map<String, Object> newCache() {
        return new ConcurrentHashMap<>();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
