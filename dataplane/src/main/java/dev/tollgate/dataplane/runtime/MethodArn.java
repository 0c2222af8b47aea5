package dev.tollgate.dataplane.runtime;

/**
 * AWS's method ARN of a request, {@code arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH},
 * with the namespace in the region's place and no account: what resource policies and authorizer
 * policies match against.
 */
public final class MethodArn {
    private MethodArn() {}

    /** The ARN's prefix up to and including the API's slash. */
    public static String prefix(String namespace, String api) {
        return "arn:aws:execute-api:" + namespace + "::" + api + "/";
    }

    /** {@code STAGE/METHOD/PATH} of the routed request, path as called without its leading slash. */
    public static String resource(Exchange exchange) {
        return exchange.stage().config().name() + "/"
                + exchange.request().method().name() + "/" + path(exchange);
    }

    /** The request's resource path as called (parameters filled in), without its leading slash. */
    public static String path(Exchange exchange) {
        String template = exchange.route().config().resourcePath();
        StringBuilder out = new StringBuilder();
        for (String segment : template.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            if (segment.endsWith("+}")) {
                out.append(String.join("/", exchange.greedySegments()));
            } else if (segment.startsWith("{")) {
                out.append(exchange.pathParameters().getOrDefault(segment.substring(1, segment.length() - 1), ""));
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }
}
