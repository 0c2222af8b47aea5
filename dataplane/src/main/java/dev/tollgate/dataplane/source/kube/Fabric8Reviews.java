package dev.tollgate.dataplane.source.kube;

import dev.tollgate.dataplane.steps.authorizer.KubernetesReviews;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link KubernetesReviews} with the Fabric8 client. Its calls block, so they run on a small
 * bounded pool of their own, never on an event loop; a full queue fails the review (the caller
 * answers 500) instead of piling up.
 */
public final class Fabric8Reviews implements KubernetesReviews, AutoCloseable {
    private final KubernetesClient client;
    private final ExecutorService pool;

    public Fabric8Reviews(KubernetesClient client) {
        this.client = client;
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
                        .endSpec()
                        .build())
                .create();
        if (review.getStatus() == null
                || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
                || review.getStatus().getUser() == null) {
            return new Decision(false, null, false);
        }
        var user = review.getStatus().getUser();
        SubjectAccessReview access = client.resource(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user.getUsername())
                        .withUid(user.getUid())
                        .withGroups(user.getGroups())
                        .withExtra(user.getExtra() == null ? null : new HashMap<>(user.getExtra()))
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
        return new Decision(true, user.getUsername(), allowed);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
