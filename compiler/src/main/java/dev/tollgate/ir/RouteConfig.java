package dev.tollgate.ir;

import java.util.regex.Pattern;

/**
 * One method on one resource (REST) or one route (HTTP API), with everything that applies to it
 * already merged.
 *
 * @param httpMethod the request method in upper case, or {@code ANY}
 * @param resourcePath the resource path template: {@code /}, static segments, {@code {param}}
 *     segments and at most a final {@code {name+}} greedy segment, e.g. {@code /pets/{petId}}
 * @param apiKeyRequired whether a valid API key must be sent in {@code x-api-key}
 * @param integration what serves the request
 * @param authorization who may call the route, or null when anyone may ({@code NONE})
 */
public record RouteConfig(
        String httpMethod,
        String resourcePath,
        boolean apiKeyRequired,
        IntegrationConfig integration,
        RouteAuthorizationConfig authorization) {

    /** An open route (authorization {@code NONE}). */
    public RouteConfig(String httpMethod, String resourcePath, boolean apiKeyRequired, IntegrationConfig integration) {
        this(httpMethod, resourcePath, apiKeyRequired, integration, null);
    }

    /** Method of a route that takes every method no exact route takes. */
    public static final String ANY = "ANY";

    private static final Pattern METHOD = Pattern.compile("ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS");
    private static final Pattern PATH =
            Pattern.compile("/|(/([A-Za-z0-9._~:@!$&'()*,;=-]+|\\{[A-Za-z0-9._-]+}))*(/\\{[A-Za-z0-9._-]+\\+})?");

    public RouteConfig {
        if (httpMethod == null || !METHOD.matcher(httpMethod).matches()) {
            throw new IllegalArgumentException("bad httpMethod " + httpMethod);
        }
        if (resourcePath == null
                || resourcePath.isEmpty()
                || !PATH.matcher(resourcePath).matches()) {
            throw new IllegalArgumentException("bad resourcePath " + resourcePath);
        }
        java.util.Objects.requireNonNull(integration, "integration");
    }
}
