package dev.tollgate.controlapi.auth;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes RBAC decides: every read and write the control API makes for a caller is first asked
 * of the API server as a SubjectAccessReview for the caller's identity (user and groups), in the
 * caller's namespace. The writes themselves are made with the operator's own client; the review
 * is what stops an identity from doing through the control API what kubectl would refuse it. An
 * API server that cannot answer means no.
 */
public final class SubjectAccessReviews implements AccessPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectAccessReviews.class);

    private final KubernetesClient client;

    public SubjectAccessReviews(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public boolean allows(Caller caller, String verb, String group, String resource, String name) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(caller.username())
                .withGroups(caller.groups())
                .withNewResourceAttributes()
                .withNamespace(caller.namespace())
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withName(name == null || name.isEmpty() ? null : name)
                .endResourceAttributes()
                .endSpec()
                .build();
        try {
            SubjectAccessReview answer =
                    client.authorization().v1().subjectAccessReview().create(review);
            return answer != null
                    && answer.getStatus() != null
                    && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warn("SubjectAccessReview for {} failed ({}); refused", caller.username(), e.getCode());
            return false;
        }
    }
}
