package dev.tollgate.dataplane.source.kube;

import dev.tollgate.dataplane.steps.authorizer.KubernetesReviews;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link KubernetesReviews} with the Fabric8 client. Every TokenReview names the gateway's audience,
 * and a token is accepted only when the API server confirms it was issued for it. Its calls block, so they run on a small
 * bounded pool of their own, never on an event loop; a full queue fails the review (the caller
 * answers 500) instead of piling up.
 */
public final class Fabric8Reviews implements KubernetesReviews, AutoCloseable {
    /** The audience callers' tokens must be issued for unless {@code TOLLGATE_TOKEN_AUDIENCE} names another. */
    public static final String DEFAULT_AUDIENCE = "tollgate.dev/gateway";

    private final KubernetesClient client;
    private final String audience;
    private final ExecutorService pool;

    /** Reviews tokens issued for {@link #DEFAULT_AUDIENCE}. */
    public Fabric8Reviews(KubernetesClient client) {
        this(client, DEFAULT_AUDIENCE);
    }

    /** Reviews tokens issued for {@code audience} only. */
    public Fabric8Reviews(KubernetesClient client, String audience) {
        this.client = client;
        this.audience = Objects.requireNonNull(audience, "audience");
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                4,
                4,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1000),
                new DefaultThreadFactory("tollgate-kube-reviews", true));
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    @Override
    public CompletableFuture<Decision> review(String token, String namespace, String api, String stage) {
        return review(token, namespace, api, stage, VERB);
    }

    @Override
    public CompletableFuture<Decision> review(String token, String namespace, String api, String stage, String verb) {
        try {
            return CompletableFuture.supplyAsync(() -> decide(token, namespace, api, stage, verb), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Decision decide(String token, String namespace, String api, String stage, String verb) {
        TokenReview review = client.resource(new TokenReviewBuilder()
                        .withNewSpec()
                        .withToken(token)
                        .withAudiences(audience)
                        .endSpec()
                        .build())
                .create();
        TokenReviewStatus status = review.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            // The API server refuses a token of another audience with an error naming audiences.
            boolean foreign = status != null
                    && status.getError() != null
                    && status.getError().toLowerCase(Locale.ROOT).contains("audience");
            return new Decision(false, null, false, foreign);
        }
        if (status.getAudiences() == null || !status.getAudiences().contains(audience)) {
            // An authenticator that ignores audiences answers without ours: as Kubernetes asks of
            // audience-aware clients, that is no proof the token was meant for the gateway.
            return new Decision(true, status.getUser().getUsername(), false, true);
        }
        var user = status.getUser();
        return access(
                user.getUsername(),
                user.getUid(),
                user.getGroups(),
                user.getExtra() == null ? null : new HashMap<>(user.getExtra()),
                namespace,
                api,
                stage,
                verb);
    }

    @Override
    public CompletableFuture<Decision> reviewIdentity(
            String username, List<String> groups, String namespace, String api, String stage) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> access(username, null, groups, null, namespace, api, stage, VERB), pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Decision access(
            String username,
            String uid,
            List<String> groups,
            Map<String, List<String>> extra,
            String namespace,
            String api,
            String stage,
            String verb) {
        SubjectAccessReview access = client.resource(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(username)
                        .withUid(uid)
                        .withGroups(groups)
                        .withExtra(extra)
                        .withNewResourceAttributes()
                        .withNamespace(namespace)
                        .withVerb(verb)
                        .withGroup(GROUP)
                        .withResource(RESOURCE)
                        .withSubresource(stage)
                        .withName(api)
                        .endResourceAttributes()
                        .endSpec()
                        .build())
                .create();
        boolean allowed = access.getStatus() != null
                && Boolean.TRUE.equals(access.getStatus().getAllowed())
                && !Boolean.TRUE.equals(access.getStatus().getDenied());
        return new Decision(true, username, allowed);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
