package dev.tollgate.crds.v1alpha1;

/**
 * The lexical rules of AWS API Gateway (and of Kubernetes names) that Tollgate checks: names,
 * HTTP methods, header names, paths. One place for the CRDs' validation patterns, the compiler's
 * checks and the OpenAPI importer's, so the API server, local mode and import refuse the same
 * values.
 *
 * <p>Each constant is a regular expression for a whole value (use it with {@code
 * Matcher.matches()} or {@code String.matches}); CRD annotations wrap it in {@code ^…$}. They are
 * {@code String} constants because annotation values must be compile-time constants.
 */
public final class Grammar {
    /** An HTTP method a method, route, setting or policy names, ANY and {@code *} aside. */
    public static final String HTTP_METHOD = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";

    /** An HTTP header field name: a token (RFC 9110, section 5.1). */
    public static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** A stage name, the first path segment of the default endpoint. */
    public static final String STAGE_NAME = "[A-Za-z0-9_-]+";

    /** An HTTP API's stage served at the root of its endpoint, with no stage segment in the path. */
    public static final String DEFAULT_STAGE = "$default";

    /** A stage name, or an HTTP API's {@code $default}. */
    public static final String STAGE_NAME_OR_DEFAULT = STAGE_NAME + "|\\$default";

    /** A stage variable name. */
    public static final String STAGE_VARIABLE_NAME = "[A-Za-z0-9_]+";

    /** A stage variable value. */
    public static final String STAGE_VARIABLE_VALUE = "[A-Za-z0-9\\-._~:/?#&=,]+";

    /** An authorizer name, as methods name it in {@code authorizerName}. */
    public static final String AUTHORIZER_NAME = "[A-Za-z0-9_.-]+";

    /** A model name, as methods name it in {@code requestModels}. */
    public static final String MODEL_NAME = "[A-Za-z0-9]+";

    /** The name of a resource path parameter, {@code id} in {@code /pets/{id}}. */
    public static final String PATH_PARAMETER_NAME = "[A-Za-z0-9._-]+";

    /** A static segment of a resource path. */
    public static final String PATH_SEGMENT = "[A-Za-z0-9._~:@!$&'()*,;=-]+";

    /** A DomainName's base path: segments without a leading or trailing {@code /}. */
    public static final String BASE_PATH = "[a-zA-Z0-9$_.+!*'()-]+(/[a-zA-Z0-9$_.+!*'()-]+)*";

    /** A DNS name (letters of either case); no wildcard. */
    public static final String DNS_NAME =
            "([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?\\.)*[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?";

    /** A DNS name that may start with {@code *.}. */
    public static final String WILDCARD_DNS_NAME = "(\\*\\.)?" + DNS_NAME;

    /** A Kubernetes object or namespace name, an RFC 1123 label: lower case, digits and {@code -}. */
    public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /** Where a method request parameter is read: {@code method.request.LOCATION.NAME}. */
    public static final String METHOD_REQUEST_LOCATION =
            "path|querystring|header|multivaluequerystring|multivalueheader";

    /** AWS's stage cache cluster sizes, in GB. */
    public static final String CACHE_CLUSTER_SIZE = "0\\.5|1\\.6|6\\.1|13\\.5|28\\.4|58\\.2|118|237";

    /** A duration: a whole number and a unit, {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
    public static final String DURATION = "[0-9]{1,9}(ms|s|m|h)";

    /** A size in bytes: a whole number, optionally with a binary unit ({@code Ki}, {@code Mi}, {@code Gi}). */
    public static final String BYTE_SIZE = "[0-9]{1,15}(Ki|Mi|Gi)?";

    private Grammar() {}
}
