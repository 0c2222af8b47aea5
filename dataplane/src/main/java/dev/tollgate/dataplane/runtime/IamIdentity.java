package dev.tollgate.dataplane.runtime;

import java.util.Objects;

/**
 * Who an AWS_IAM method accepted, as {@code $context.identity} shows it. Kubernetes identities stand
 * in for IAM principals: {@code caller} and {@code user} are the Kubernetes user name (AWS puts the
 * principal's id there), {@code userArn} is {@code arn:aws:iam::NAMESPACE:user/USERNAME} (the
 * namespace in the account's place, as the tenant).
 *
 * @param accessKey the access key id that signed the request, or null for a bearer token
 * @param caller the principal that signed or presented the token
 * @param user the principal that is authorized (the same as {@code caller})
 * @param userArn the principal as an ARN
 */
public record IamIdentity(String accessKey, String caller, String user, String userArn) {
    public IamIdentity {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(userArn, "userArn");
    }

    /** The identity of Kubernetes user {@code username}, accepted on an API of {@code namespace}. */
    public static IamIdentity of(String accessKey, String namespace, String username) {
        return new IamIdentity(accessKey, username, username, "arn:aws:iam::" + namespace + ":user/" + username);
    }
}
