package dev.tollgate.controlapi.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a method and a path to an operation. Templates are AWS's request URIs ({@code
 * /restapis/{restapi_id}/resources}); a template's query part ({@code ?mode=import}) must be
 * present in the request. Static segments win over parameters; the first registered template
 * wins among equals.
 */
public final class Router {
    /** A matched route. */
    public record Match(Operation operation, Map<String, String> parameters) {}

    private record Route(String method, String[] segments, String queryKey, String queryValue, Operation operation) {}

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route. */
    public Router add(String method, String template, Operation operation) {
        String path = template;
        String key = null;
        String value = null;
        int q = template.indexOf('?');
        if (q >= 0) {
            path = template.substring(0, q);
            String[] kv = template.substring(q + 1).split("=", 2);
            key = kv[0];
            value = kv.length > 1 ? kv[1] : "";
        }
        routes.add(new Route(method, split(path), key, value, operation));
        return this;
    }

    /**
     * The operation for a request, with its path parameters (each segment percent-decoded, so an
     * encoded {@code /} stays inside its parameter); empty when no route matches.
     */
    public Optional<Match> match(String method, String rawPath, Map<String, List<String>> query) {
        String[] segments = split(rawPath);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = Percent.decode(segments[i]);
        }
        Match best = null;
        int bestScore = -1;
        for (Route route : routes) {
            if (!route.method.equals(method) || route.segments.length != segments.length) {
                continue;
            }
            if (route.queryKey != null) {
                List<String> v = query.get(route.queryKey);
                if (v == null || !v.contains(route.queryValue)) {
                    continue;
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            int score = route.queryKey != null ? 1000 : 0;
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                String t = route.segments[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    params.put(t.substring(1, t.length() - 1), segments[i]);
                } else if (t.equals(segments[i])) {
                    score++;
                } else {
                    ok = false;
                }
            }
            if (ok && score > bestScore) {
                best = new Match(route.operation, params);
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
