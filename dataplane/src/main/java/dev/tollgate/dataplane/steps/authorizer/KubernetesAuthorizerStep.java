package dev.tollgate.dataplane.steps.authorizer;

import dev.tollgate.controlapi.auth.Caller;
import dev.tollgate.controlapi.sigv4.Verification;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.IamIdentity;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AWS_IAM} as Kubernetes identity on one route. A caller proves who it is in one of two ways:
 *
 * <ul>
 *   <li>a bearer token, reviewed off the event loop (TokenReview, then SubjectAccessReview for
 *       {@code invoke} on {@code restapis/STAGE});
 *   <li>a SigV4 signature ({@code Authorization: AWS4-HMAC-SHA256 ...}, service {@code execute-api},
 *       any region, 5 minutes' skew), verified on the event loop against the access keys held in
 *       memory ({@link AccessKeys}), over the whole body (read for these requests only); a signature
 *       this replica accepted before is refused ({@link ReplayCache}); the key's identity is then
 *       reviewed with a SubjectAccessReview, or, in local mode with no cluster, accepted.
 * </ul>
 *
 * The decision is cached briefly (by a hash of the token, or by the access key and its identity),
 * and the request resumes on its own loop.
 */
final class KubernetesAuthorizerStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAuthorizerStep.class);
    static final int MAX_ENTRIES = 10_000;

    /** AWS's answer to a token it does not recognise. */
    static final GatewayError INVALID_TOKEN = AuthErrors.INVALID_TOKEN;

    /** AWS's answer to a request without credentials. */
    static final GatewayError MISSING_TOKEN = AuthErrors.MISSING_TOKEN;

    private record Entry(KubernetesReviews.Decision decision, long expiresAtNanos) {}

    private final KubernetesAuthorizerConfig config;
    private final Supplier<KubernetesReviews> reviews;
    private final Map<String, Object> cache;
    private final String namespace;
    private final String api;
    private final SignedCallers signed;

    KubernetesAuthorizerStep(
            KubernetesAuthorizerConfig config,
            Supplier<KubernetesReviews> reviews,
            Map<String, Object> cache,
            String namespace,
            String api,
            SignedCallers signed) {
        this.config = config;
        this.reviews = reviews;
        this.cache = cache;
        this.namespace = namespace;
        this.api = api;
        this.signed = signed;
    }

    @Override
    public void apply(Exchange exchange) {
        String header = exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.trim().regionMatches(true, 0, "AWS4-", 0, 5)) {
            // The signature covers the body: read it for signed calls only (bearer calls stream).
            exchange.readBody(() -> verifySigned(exchange));
            return;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            exchange.fail(MISSING_TOKEN);
            return;
        }
        String token = header.substring(7).trim();
        String stage = exchange.stage().config().name();
        String key = sha256(token) + "|" + namespace + "/" + api + "/" + stage;
        authorize(exchange, key, null, r -> r.review(token, namespace, api, stage), null);
    }

    private void verifySigned(Exchange exchange) {
        Verification<Caller> verification = signed.verify(exchange, namespace);
        if (verification instanceof Verification.Refused<Caller> refused) {
            exchange.fail(AuthErrors.of(refused.error()));
            return;
        }
        Caller caller = ((Verification.Verified<Caller>) verification).identity();
        String stage = exchange.stage().config().name();
        String key = "sigv4|" + caller.accessKeyId() + "|" + caller.username() + "|" + caller.groups() + "|" + namespace
                + "/" + api + "/" + stage;
        authorize(
                exchange,
                key,
                caller.accessKeyId(),
                r -> r.reviewIdentity(caller.username(), caller.groups(), namespace, api, stage),
                // Local mode: no cluster to ask; the folder's own access keys may invoke its APIs.
                signed.trusted() ? new KubernetesReviews.Decision(true, caller.username(), true) : null);
    }

    /**
     * Decides from the cached decision under {@code key}, else asks the Kubernetes API off the loop;
     * without one, takes {@code withoutCluster} when given, else fails closed (500).
     */
    private void authorize(
            Exchange exchange,
            String key,
            String accessKey,
            Function<KubernetesReviews, CompletableFuture<KubernetesReviews.Decision>> ask,
            KubernetesReviews.Decision withoutCluster) {
        if (cache.get(key) instanceof Entry e && System.nanoTime() - e.expiresAtNanos() < 0) {
            decide(exchange, e.decision(), accessKey);
            return;
        }
        KubernetesReviews r = reviews.get();
        if (r == null) {
            if (withoutCluster != null) {
                decide(exchange, withoutCluster, accessKey);
                return;
            }
            LOG.warn("{}/RestApi/{}: AWS_IAM needs the Kubernetes API, which is not configured", namespace, api);
            exchange.fail(AuthErrors.CONFIGURATION_ERROR);
            return;
        }
        exchange.resume(ask.apply(r), (decision, error) -> {
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
                cache.put(key, new Entry(decision, System.nanoTime() + config.cacheSeconds() * 1_000_000_000L));
            }
            decide(exchange, decision, accessKey);
        });
    }

    private void decide(Exchange exchange, KubernetesReviews.Decision decision, String accessKey) {
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
        exchange.iamIdentity(IamIdentity.of(accessKey, namespace, decision.username()));
        // The caller's credential is for the gateway only: a backend never sees (or replays) it.
        exchange.request().headers().remove(HttpHeaderNames.AUTHORIZATION);
        exchange.proceed();
    }

    static Map<String, Object> newCache() {
        return LruMap.bounded(MAX_ENTRIES);
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
