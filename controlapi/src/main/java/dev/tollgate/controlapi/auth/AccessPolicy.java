package dev.tollgate.controlapi.auth;

/**
 * Decides whether a caller may do a Kubernetes verb on a resource of its namespace; in a cluster
 * Kubernetes RBAC decides, in local mode the signed caller may do everything.
 */
public interface AccessPolicy {
    /**
     * Whether {@code caller} may {@code verb} (get, list, create, update, delete) the {@code
     * resource} (plural, e.g. {@code restapis}, {@code secrets}) of API {@code group} named {@code
     * name} (empty for every name) in its namespace.
     */
    boolean allows(Caller caller, String verb, String group, String resource, String name);

    /** Every signed caller may do everything (local mode on loopback). */
    static AccessPolicy allowAll() {
        return (caller, verb, group, resource, name) -> true;
    }
}
