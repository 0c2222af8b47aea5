package dev.tollgate.compiler.openapi;

import dev.tollgate.crds.v1alpha1.Grammar;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an AWS integration URI points: a URL, an in-cluster Service, a Lambda function or another
 * AWS service.
 */
sealed interface IntegrationTarget {
    /**
     * An http(s) URL: {@code origin} (scheme, host, port) and the backend {@code path}, with the
     * URI's query string when it has one (AWS keeps it).
     */
    record Url(String origin, String path) implements IntegrationTarget {}

    /** A Service named by the URL's host; {@code namespace} null means the import namespace. */
    record Service(String name, String namespace, int port, String path) implements IntegrationTarget {}

    /**
     * A Lambda function: {@code function} is its ARN (or name) without qualifier, as the invoke
     * API takes it; {@code shortName} the bare function name.
     */
    record Lambda(String function, String shortName, String qualifier) implements IntegrationTarget {}

    /** An AWS service action URI ({@code arn:aws:apigateway:REGION:SERVICE:...}). */
    record Aws(String uri) implements IntegrationTarget {}

    Pattern HTTP_URI = Pattern.compile("(https?)://([^/?#]+)([^?#]*)([?#].*)?");
    Pattern STAGE_VARIABLE_URI =
            Pattern.compile("(\\$\\{stageVariables\\." + Grammar.STAGE_VARIABLE_NAME + "})([^?#]*)([?#].*)?");
    Pattern LAMBDA_INVOKE =
            Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]*:lambda:path/[0-9-]+/functions/(.+)/invocations");
    Pattern LAMBDA_ARN = Pattern.compile("(arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+)(?::([^:]+))?");
    Pattern AWS_SERVICE = Pattern.compile("arn:aws[a-z-]*:apigateway:[^:]*:[a-z0-9-]+:(path|action)/.+");
    Pattern LABEL = Pattern.compile(Grammar.DNS_LABEL);

    /**
     * Classifies an http(s) URI; null with the reason in {@code problem[0]} when it is not one.
     *
     * @param namespace the import namespace
     * @param clusterNamespaces other namespaces that make {@code svc.ns} a Service
     */
    static IntegrationTarget http(String uri, String namespace, Set<String> clusterNamespaces, String[] problem) {
        Matcher sv = STAGE_VARIABLE_URI.matcher(uri);
        if (sv.matches()) {
            if (sv.group(3) != null && sv.group(3).contains("#")) {
                problem[0] = "a fragment (#) in the integration uri has no meaning for a backend";
                return null;
            }
            return new Url(sv.group(1), (sv.group(2).isEmpty() ? "/" : sv.group(2)) + query(sv.group(3)));
        }
        Matcher m = HTTP_URI.matcher(uri);
        if (!m.matches()) {
            problem[0] = "uri " + uri + " is not an http(s) URL";
            return null;
        }
        if (m.group(4) != null && m.group(4).contains("#")) {
            problem[0] = "a fragment (#) in the integration uri has no meaning for a backend";
            return null;
        }
        String scheme = m.group(1);
        String hostPort = m.group(2);
        String path = (m.group(3).isEmpty() ? "/" : m.group(3)) + query(m.group(4));
        if (hostPort.contains("${") || hostPort.startsWith("[") || hostPort.contains("@")) {
            return new Url(scheme + "://" + hostPort, path);
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = scheme.equals("https") ? 443 : 80;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                problem[0] = "uri " + uri + " has a bad port";
                return null;
            }
        }
        String[] labels = host.split("\\.", -1);
        boolean dnsLabels = true;
        for (String l : labels) {
            dnsLabels &= LABEL.matcher(l).matches();
        }
        boolean numeric = host.matches("[0-9.]+");
        if (dnsLabels && !numeric && !host.equals("localhost")) {
            if (labels.length == 1) {
                return new Service(labels[0], null, port, path);
            }
            if (labels.length == 2 && (labels[1].equals(namespace) || clusterNamespaces.contains(labels[1]))) {
                return new Service(labels[0], labels[1].equals(namespace) ? null : labels[1], port, path);
            }
            boolean clusterLocal = (labels.length == 3 && labels[2].equals("svc"))
                    || (labels.length == 5 && host.endsWith(".svc.cluster.local"));
            if (clusterLocal) {
                return new Service(labels[0], labels[1].equals(namespace) ? null : labels[1], port, path);
            }
        }
        return new Url(scheme + "://" + hostPort, path);
    }

    /** The URI's {@code ?query} as it is, or nothing. */
    private static String query(String rest) {
        return rest == null || rest.equals("?") ? "" : rest;
    }

    /** Classifies an AWS ({@code aws}/{@code aws_proxy}) URI; null when it is none of the known forms. */
    static IntegrationTarget aws(String uri) {
        Matcher invoke = LAMBDA_INVOKE.matcher(uri);
        String arn = invoke.matches() ? invoke.group(1) : uri;
        Matcher lambda = LAMBDA_ARN.matcher(arn);
        if (lambda.matches()) {
            String function = lambda.group(1);
            return new Lambda(function, function.substring(function.indexOf(":function:") + 10), lambda.group(2));
        }
        if (AWS_SERVICE.matcher(uri).matches()) {
            return new Aws(uri);
        }
        return null;
    }
}
