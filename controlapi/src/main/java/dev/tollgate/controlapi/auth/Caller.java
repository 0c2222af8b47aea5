package dev.tollgate.controlapi.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who signed a request: the access key's namespace (where every read and write of the request
 * goes) and the Kubernetes identity Kubernetes RBAC judges.
 *
 * @param accessKeyId the key id that signed
 * @param namespace the namespace the key maps to
 * @param username the Kubernetes user name, e.g. {@code system:serviceaccount:team-a:ci}
 * @param groups the Kubernetes groups of that user
 */
public record Caller(String accessKeyId, String namespace, String username, List<String> groups) {
    public Caller {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(username, "username");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
