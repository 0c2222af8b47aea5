package dev.tollgate.dataplane.steps.authorizer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the Kubernetes API who a bearer token belongs to (TokenReview) and whether that identity may
 * invoke a stage of a RestApi (SubjectAccessReview). The data plane's RBAC needs exactly {@code
 * create} on {@code tokenreviews} (authentication.k8s.io) and {@code subjectaccessreviews}
 * (authorization.k8s.io).
 */
public interface KubernetesReviews {
    /** The RBAC verb a caller needs on {@code restapis/STAGE}. */
    String VERB = "invoke";

    /**
     * The RBAC verb a caller of a WebSocket stage's {@code @connections} API needs on {@code
     * restapis/STAGE} (AWS's {@code execute-api:ManageConnections}).
     */
    String MANAGE_CONNECTIONS_VERB = "manage-connections";

    /** The API group of the RestApi resource. */
    String GROUP = "apigateway.tollgate.dev";

    /** The resource; the stage is its subresource and the API its resourceName. */
    String RESOURCE = "restapis";

    /**
     * The decision: {@code authenticated} false for a token the API server does not accept.
     *
     * @param authenticated whether the token is valid
     * @param username the identity's name, or null
     * @param allowed whether the identity may invoke the stage
     * @param foreignAudience whether the token was refused because it was issued for another
     *     audience than the gateway's
     */
    record Decision(boolean authenticated, String username, boolean allowed, boolean foreignAudience) {
        /** A decision on a token issued for the gateway's audience. */
        public Decision(boolean authenticated, String username, boolean allowed) {
            this(authenticated, username, allowed, false);
        }
    }

    /** Reviews off the event loop; the future completes on any thread. */
    CompletableFuture<Decision> review(String token, String namespace, String api, String stage);

    /**
     * As {@link #review(String, String, String, String)}, for another verb; reviews that check only
     * {@link #VERB} deny every other (fail closed).
     */
    default CompletableFuture<Decision> review(String token, String namespace, String api, String stage, String verb) {
        if (VERB.equals(verb)) {
            return review(token, namespace, api, stage);
        }
        return review(token, namespace, api, stage)
                .thenApply(d -> new Decision(d.authenticated(), d.username(), false));
    }

    /**
     * Asks whether an identity the gateway authenticated itself (a SigV4 caller's access key maps to
     * it) may invoke a stage: a SubjectAccessReview only. Reviews that cannot ask deny (fail closed).
     */
    default CompletableFuture<Decision> reviewIdentity(
            String username, List<String> groups, String namespace, String api, String stage) {
        return CompletableFuture.completedFuture(new Decision(true, username, false));
    }
}
