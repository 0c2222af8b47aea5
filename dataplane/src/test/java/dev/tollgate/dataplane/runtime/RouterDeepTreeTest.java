package dev.tollgate.dataplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.http.CanonicalPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Routing on deep trees, as AWS matches: at every level a static segment is tried before {@code
 * {param}}, which is tried before {@code {proxy+}}, and a branch that dead-ends (no resource, or no
 * method for the request) backtracks to the next candidate at the deepest level that has one. So
 * the route chosen is the one whose segment kinds (static, then param, then greedy) come first
 * read left to right, among the routes whose resource matches the path and has the method (or
 * ANY). Checked on hand-made trees and against that definition on many generated trees.
 */
class RouterDeepTreeTest {
    private static final String[] METHODS = {"GET", "POST", "ANY"};

    private static Router.Match<String> match(Router<String> r, String method, String path) throws Exception {
        return r.match(method, CanonicalPath.parse(path));
    }

    @Test
    void deadEndsAtSeveralLevelsBacktrackToTheNearestAlternative() throws Exception {
        Router<String> r = new Router<String>()
                .add("GET", "/a/b/c/d", "static-4")
                .add("GET", "/a/b/{x}/e", "param-3")
                .add("GET", "/a/{y}/c/f", "param-2")
                .add("GET", "/a/{y}/{z}/{proxy+}", "greedy-4")
                .add("POST", "/a/b/c/{proxy+}", "post-greedy-4")
                .add("ANY", "/a/{proxy+}", "greedy-2")
                .add("GET", "/{proxy+}", "greedy-1");
        assertThat(match(r, "GET", "/a/b/c/d").value()).isEqualTo("static-4");
        // /a/b/c has no e: back to /a/b/{x}/e.
        Router.Match<String> m = match(r, "GET", "/a/b/c/e");
        assertThat(m.value()).isEqualTo("param-3");
        assertThat(m.pathParameters()).isEqualTo(Map.of("x", "c"));
        // /a/b/... has no f anywhere: back to /a/{y}/c/f, with y bound and x unbound.
        m = match(r, "GET", "/a/b/c/f");
        assertThat(m.value()).isEqualTo("param-2");
        assertThat(m.pathParameters()).isEqualTo(Map.of("y", "b"));
        // /a/b/c/{proxy+} has POST only: a GET goes on to /a/{y}/{z}/{proxy+}.
        m = match(r, "GET", "/a/b/c/g/h");
        assertThat(m.value()).isEqualTo("greedy-4");
        assertThat(m.pathParameters()).isEqualTo(Map.of("y", "b", "z", "c", "proxy", "g/h"));
        assertThat(match(r, "POST", "/a/b/c/g/h").value()).isEqualTo("post-greedy-4");
        // Nothing under /a for two segments and a POST: /a/{proxy+} (ANY) takes it.
        m = match(r, "POST", "/a/q/r");
        assertThat(m.value()).isEqualTo("greedy-2");
        assertThat(m.greedySegments()).containsExactly("q", "r");
        // Outside /a only the root greedy is left; a greedy never takes zero segments.
        assertThat(match(r, "GET", "/z").value()).isEqualTo("greedy-1");
        assertThat(match(r, "GET", "/")).isNull();
        assertThat(match(r, "DELETE", "/z")).isNull();
    }

    @Test
    void aParamBranchThatDeadEndsBacktracksToTheGreedyOfTheSameLevel() throws Exception {
        Router<String> r =
                new Router<String>().add("GET", "/files/{id}/meta", "meta").add("GET", "/files/{proxy+}", "files");
        assertThat(match(r, "GET", "/files/7/meta").value()).isEqualTo("meta");
        Router.Match<String> m = match(r, "GET", "/files/7/data");
        assertThat(m.value()).isEqualTo("files");
        assertThat(m.pathParameters()).isEqualTo(Map.of("proxy", "7/data"));
    }

    @Test
    void generatedTreesRouteAsTheDefinitionSays() throws Exception {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Map<String, String> routes = new LinkedHashMap<>();
            Router<String> router = new Router<>();
            Set<String> shapes = new LinkedHashSet<>();
            int count = 3 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                String path = randomResource(random);
                String method = METHODS[random.nextInt(METHODS.length)];
                // One parameter name per position, as AWS requires: name it after its depth.
                if (shapes.add(method + " " + path)) {
                    String id = method + " " + path;
                    routes.put(id, id);
                    router.add(method, path, id);
                }
            }
            for (int probe = 0; probe < 40; probe++) {
                String path = randomPath(random);
                for (String method : List.of("GET", "POST", "PUT")) {
                    String expected = reference(routes.keySet(), method, path);
                    Router.Match<String> m = match(router, method, path);
                    assertThat(m == null ? null : m.value())
                            .as("seed %d: %s %s among %s", seed, method, path, routes.keySet())
                            .isEqualTo(expected);
                }
            }
        }
    }

    private static String randomResource(Random random) {
        int depth = 1 + random.nextInt(5);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                p.append('/').append("abc".charAt(random.nextInt(3)));
            } else if (kind < 9 || i < depth - 1) {
                p.append("/{p").append(i).append('}');
            } else {
                p.append("/{proxy+}");
            }
        }
        return p.toString();
    }

    private static String randomPath(Random random) {
        int depth = 1 + random.nextInt(6);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            p.append('/').append("abcx".charAt(random.nextInt(4)));
        }
        return p.toString();
    }

    /** The definition: among the routes that match, the one whose kinds come first, exact method over ANY. */
    private static String reference(Set<String> routes, String method, String path) {
        List<String> segments = List.of(path.substring(1).split("/"));
        String best = null;
        List<Integer> bestKinds = null;
        for (String route : routes) {
            String routeMethod = route.substring(0, route.indexOf(' '));
            String resource = route.substring(route.indexOf(' ') + 1);
            if (!routeMethod.equals(method) && !routeMethod.equals("ANY")) {
                continue;
            }
            List<Integer> kinds = kinds(resource, segments);
            if (kinds == null) {
                continue;
            }
            if (routes.contains(method + " " + resource) && routeMethod.equals("ANY")) {
                continue; // the exact method on the same resource wins over ANY
            }
            if (bestKinds == null || compare(kinds, bestKinds) < 0) {
                best = route;
                bestKinds = kinds;
            }
        }
        return best;
    }

    /** Each segment's kind (0 static, 1 param, 2 greedy) when the resource matches the path, else null. */
    private static List<Integer> kinds(String resource, List<String> segments) {
        String[] parts = resource.substring(1).split("/");
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.endsWith("+}")) {
                if (segments.size() <= i) {
                    return null;
                }
                kinds.add(2);
                return kinds;
            }
            if (i >= segments.size()) {
                return null;
            }
            if (part.startsWith("{")) {
                kinds.add(1);
            } else if (part.equals(segments.get(i))) {
                kinds.add(0);
            } else {
                return null;
            }
        }
        return parts.length == segments.size() ? kinds : null;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
