package dev.tollgate.compiler;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS integration URI, {@code arn:aws:apigateway:REGION:SERVICE:path/PATH} (path-style: the
 * service's REST path, {@code {param}} placeholders filled from request parameters) or {@code
 * arn:aws:apigateway:REGION:SERVICE:action/ACTION[?NAME=VALUE&...]} (query-style: the action and its
 * parameters, the body from the request template), and what the data plane sends for it.
 *
 * @param region the region of the URI (and of the signature's scope)
 * @param service the service, e.g. {@code s3}, {@code sqs}, {@code dynamodb}
 * @param action the action of a query-style URI, or null for a path-style one
 * @param path the path of a path-style URI, starting with {@code /} and perhaps holding a query
 *     string; {@code /} followed by the action's own parameters for an action URI
 */
record AwsUri(String region, String service, String action, String path) {
    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:apigateway:(?<region>[a-z0-9-]*):(?<service>[A-Za-z0-9.-]+):(?<kind>path|action)/(?<rest>.*)",
            Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /**
     * AWS's JSON-protocol services, whose actions are a POST of the body to {@code /} with an {@code
     * X-Amz-Target} of the target prefix and the action; the others take {@code Action=NAME} in the
     * query string. Keyed by the service of the URI; values are target prefix and content type.
     */
    static final Map<String, String[]> JSON_PROTOCOL = jsonProtocols();

    private static Map<String, String[]> jsonProtocols() {
        Map<String, String[]> m = new TreeMap<>();
        m.put("dynamodb", new String[] {"DynamoDB_20120810", "application/x-amz-json-1.0"});
        m.put("kinesis", new String[] {"Kinesis_20131202", "application/x-amz-json-1.1"});
        m.put("firehose", new String[] {"Firehose_20150804", "application/x-amz-json-1.1"});
        m.put("states", new String[] {"AWSStepFunctions", "application/x-amz-json-1.0"});
        m.put("events", new String[] {"AWSEvents", "application/x-amz-json-1.1"});
        m.put("logs", new String[] {"Logs_20140328", "application/x-amz-json-1.1"});
        return m;
    }

    /** Parses a URI or says what is wrong with it. */
    static Syntax.Result<AwsUri> parse(String uri) {
        Matcher m = ARN.matcher(uri == null ? "" : uri);
        if (!m.matches()) {
            return Syntax.Result.error(
                    "awsUri " + uri
                            + " is not arn:aws:apigateway:REGION:SERVICE:path/PATH or arn:aws:apigateway:REGION:SERVICE:action/ACTION");
        }
        String region = m.group("region");
        if (!REGION.matcher(region).matches()) {
            return Syntax.Result.error("awsUri " + uri + " names no region (e.g. us-east-1)");
        }
        String service = m.group("service").toLowerCase(Locale.ROOT);
        if (service.contains(".")) {
            return Syntax.Result.error("awsUri " + uri + " addresses a service subdomain (" + service
                    + "); only SERVICE:path/... and SERVICE:action/... are served, S3 path-style");
        }
        if (service.equals("lambda")) {
            return Syntax.Result.error("awsUri " + uri + " invokes a Lambda function: that is a LAMBDA integration");
        }
        String rest = m.group("rest");
        if (m.group("kind").equals("path")) {
            return Syntax.Result.ok(new AwsUri(region, service, null, "/" + rest));
        }
        int params = firstOf(rest, '?', '&');
        String action = params < 0 ? rest : rest.substring(0, params);
        if (!ACTION.matcher(action).matches()) {
            return Syntax.Result.error("awsUri " + uri + " names no action (action/NAME)");
        }
        String query = params < 0 ? "" : rest.substring(params + 1);
        return Syntax.Result.ok(new AwsUri(region, service, action, query.isEmpty() ? "/" : "/?" + query));
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** Whether the action is sent as a JSON-protocol target rather than {@code Action=} in the query. */
    boolean jsonProtocol() {
        return action != null && JSON_PROTOCOL.containsKey(service);
    }

    /** The service's regional endpoint on AWS. */
    String defaultEndpoint() {
        return "https://" + service + "." + region + ".amazonaws.com";
    }
}
