package dev.tollgate.operator.dependents;

/**
 * Names of the objects the operator creates for a Gateway, and the labels that mark them. The data
 * plane reads the ConfigMap and Secret names from its environment, so these are the one place
 * they are decided.
 */
public final class DataPlaneNames {
    /** Label on every object the operator creates. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    /** Value of {@link #MANAGED_BY_LABEL}. */
    public static final String MANAGED_BY = "tollgate-operator";

    /** Label naming the Gateway an object belongs to. */
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    /** Label naming the component. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";

    /** Label selector matching every object the operator creates (its informers watch only those). */
    public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

    /** Annotation on the config ConfigMap: the id of the config it holds. */
    public static final String CONFIG_ID_ANNOTATION = "apigateway.tollgate.dev/config-id";

    /**
     * Suffix of the status ConfigMap key under which a data plane pod reports why its Redis refuses
     * it ({@code <pod>.redis-problem}); the pod removes the key once fixed.
     */
    public static final String REDIS_PROBLEM_SUFFIX = ".redis-problem";

    private DataPlaneNames() {}

    /** Deployment, Service, PodDisruptionBudget, ServiceAccount, Role and RoleBinding. */
    public static String base(String gateway) {
        return "tollgate-" + gateway;
    }

    /** The ConfigMap holding the IR. */
    public static String configMap(String gateway) {
        return base(gateway) + "-config";
    }

    /** The Secret holding the secret parts (TLS material). */
    public static String secret(String gateway) {
        return base(gateway) + "-secrets";
    }

    /** The Secret whose {@code token} key opens the admin state endpoints to the pod network (made by users). */
    public static String adminSecret(String gateway) {
        return base(gateway) + "-admin";
    }

    /**
     * The ClusterRoleBinding that lets the data plane of a Gateway review callers' tokens (cluster
     * scoped, so it names the namespace too).
     */
    public static String reviewsBinding(String namespace, String gateway) {
        return "tollgate-reviews-" + namespace + "-" + gateway;
    }

    /** The ClusterRole the chart installs for the data planes' TokenReviews and SubjectAccessReviews. */
    public static final String REVIEWS_CLUSTER_ROLE = "tollgate-dataplane-reviews";

    /** Label on a cluster-scoped object naming the namespace of the Gateway it belongs to. */
    public static final String NAMESPACE_LABEL = "apigateway.tollgate.dev/gateway-namespace";

    /** The ConfigMap each data plane pod writes the config id it serves into (key = pod name). */
    public static String statusConfigMap(String gateway) {
        return base(gateway) + "-served";
    }
}
