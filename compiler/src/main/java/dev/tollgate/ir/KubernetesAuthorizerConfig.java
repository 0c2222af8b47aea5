package dev.tollgate.ir;

/**
 * Kubernetes identity in place of IAM ({@code authorizationType: AWS_IAM}): the bearer token is a
 * ServiceAccount (or user) token checked with a TokenReview, then a SubjectAccessReview asks
 * whether that identity may {@code invoke} the subresource {@code restapis/STAGE} of the RestApi
 * (group {@code apigateway.tollgate.dev}, resourceName the API's name) in its namespace.
 *
 * @param name always {@code AWS_IAM}
 * @param cacheSeconds how long a decision is reused for the same token, API and stage
 */
public record KubernetesAuthorizerConfig(String name, int cacheSeconds) implements AuthorizerConfig {
    public KubernetesAuthorizerConfig {
        Ir.require(name, "name");
        if (cacheSeconds < 0 || cacheSeconds > 300) {
            throw new IllegalArgumentException("bad cacheSeconds " + cacheSeconds);
        }
    }
}
