package dev.tollgate.dataplane.steps.authorizer;

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
}
