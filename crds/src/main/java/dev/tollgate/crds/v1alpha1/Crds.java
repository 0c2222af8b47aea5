package dev.tollgate.crds.v1alpha1;

/** Names shared by every custom resource of this API version. */
public final class Crds {
    /** The API group of every kind. */
    public static final String GROUP = "apigateway.tollgate.dev";

    /** The version of this package's kinds. */
    public static final String VERSION = "v1alpha1";

    /** {@code apiVersion} as written in manifests. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Condition type: the spec is valid and compiled (reason and message name the field at fault). */
    public static final String CONDITION_ACCEPTED = "Accepted";

    /** Condition type: the resource is served by the data plane. */
    public static final String CONDITION_PROGRAMMED = "Programmed";

    private Crds() {}
}
