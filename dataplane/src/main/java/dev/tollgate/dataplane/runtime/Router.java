package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.ir.RouteConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage's routes as a trie, built once per config. Matching follows AWS: a static segment wins
 * over {@code {param}}, which wins over {@code {proxy+}}; an exact method wins over {@code ANY};
 * and when a branch has no resource or no method for the request it backtracks to a sibling
 * {@code {param}} branch, then to the nearest {@code {proxy+}} of the node or an ancestor. A
 * greedy {@code {proxy+}} takes one or more segments, never zero: {@code /{proxy+}} does not match
 * {@code /}.
 *
 * <p>A segment holding an encoded slash ({@code %2F}, decoded to {@code /} inside the segment) is
 * never a {@code {param}} value, and a {@code {proxy+}} takes one only when the router allows it:
 * AWS reads {@code %2F} as a separator, so such a request matches no route there, and a backend
 * must never see a value it could split differently.
 *
 * @param <T> what a route resolves to
 */
public final class Router<T> {

    private final Node<T> root = new Node<>();
    private final boolean encodedSlashInGreedy;

    /** A router that refuses encoded slashes in every parameter. */
    public Router() {
        this(false);
    }

    /** A router whose {@code {proxy+}} values may hold encoded slashes when {@code encodedSlashInGreedy}. */
    public Router(boolean encodedSlashInGreedy) {
        this.encodedSlashInGreedy = encodedSlashInGreedy;
    }

    /** Adds a route; {@code resourcePath} is an IR resource path such as {@code /pets/{petId}}. */
    public Router<T> add(String httpMethod, String resourcePath, T value) {
        Node<T> node = root;
        List<String> parts = splitTemplate(resourcePath);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i != parts.size() - 1) {
                    throw new IllegalArgumentException("greedy segment must be last: " + resourcePath);
                }
                String name = part.substring(1, part.length() - 2);
                if (node.greedy == null) {
                    node.greedy = new Node<>();
                    node.greedyName = name;
                }
                node = node.greedy;
            } else if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                if (node.param == null) {
                    node.param = new Node<>();
                    node.paramName = name;
                }
                node = node.param;
            } else {
                if (node.statics == null) {
                    node.statics = new HashMap<>(4);
                }
                node = node.statics.computeIfAbsent(part, k -> new Node<>());
            }
        }
        if (!node.add(httpMethod, value)) {
            throw new IllegalArgumentException("duplicate route " + httpMethod + " " + resourcePath);
        }
        return this;
    }

    private static List<String> splitTemplate(String resourcePath) {
        List<String> parts = new ArrayList<>();
        for (String p : resourcePath.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    /** The route for the method and the resource path (stage already removed), or null. */
    public Match<T> match(String method, CanonicalPath path) {
        Captures captures = new Captures();
        T value = match(root, path.segments(), 0, method, captures);
        if (value == null) {
            return null;
        }
        return new Match<>(value, captures.toMap(), captures.greedyName, captures.greedySegments);
    }

    private T match(Node<T> node, List<String> segments, int index, String method, Captures captures) {
        if (index == segments.size()) {
            return node.method(method);
        }
        String segment = segments.get(index);
        Node<T> child = node.statics == null ? null : node.statics.get(segment);
        if (child != null) {
            T found = match(child, segments, index + 1, method, captures);
            if (found != null) {
                return found;
            }
        }
        if (node.param != null && segment.indexOf('/') < 0) {
            int mark = captures.size();
            captures.push(node.paramName, segment);
            T found = match(node.param, segments, index + 1, method, captures);
            if (found != null) {
                return found;
            }
            captures.truncate(mark);
        }
        if (node.greedy != null) {
            T found = node.greedy.method(method);
            if (found != null && (encodedSlashInGreedy || !anyHoldsSlash(segments, index))) {
                List<String> rest = segments.subList(index, segments.size());
                captures.push(node.greedyName, String.join("/", rest));
                captures.greedyName = node.greedyName;
                captures.greedySegments = List.copyOf(rest);
                return found;
            }
        }
        return null;
    }

    private static boolean anyHoldsSlash(List<String> segments, int from) {
        for (int i = from; i < segments.size(); i++) {
            if (segments.get(i).indexOf('/') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A matched route.
     *
     * @param value what the route resolves to
     * @param pathParameters decoded path parameters by name; a greedy one is its segments joined by
     *     {@code /}
     * @param greedyName the greedy parameter's name, or null
     * @param greedySegments the segments the greedy parameter took (empty without one), so a
     *     backend path can re-encode them one by one
     */
    public record Match<T>(
            T value, Map<String, String> pathParameters, String greedyName, List<String> greedySegments) {}

    // A stage of 10,000 routes has about as many nodes, most of them leaves with one method: a node
    // holds no map until it has a static child, and its methods in one short array.
    private static final class Node<T> {
        private static final Object[] NO_METHODS = new Object[0];

        Map<String, Node<T>> statics;
        // Method names and values alternating: a resource has a handful at most, so a scan finds
        // one as fast as a map would, in a fraction of a map's memory.
        Object[] methods = NO_METHODS;
        Node<T> param;
        String paramName;
        Node<T> greedy;
        String greedyName;

        /** Adds a method; false when the node has it already. */
        boolean add(String method, T value) {
            for (int i = 0; i < methods.length; i += 2) {
                if (methods[i].equals(method)) {
                    return false;
                }
            }
            Object[] more = Arrays.copyOf(methods, methods.length + 2);
            more[methods.length] = method;
            more[methods.length + 1] = value;
            methods = more;
            return true;
        }

        /** The value of the method, else of {@code ANY}, else null. */
        @SuppressWarnings("unchecked")
        T method(String method) {
            Object any = null;
            for (int i = 0; i < methods.length; i += 2) {
                Object name = methods[i];
                if (name.equals(method)) {
                    return (T) methods[i + 1];
                }
                if (name.equals(RouteConfig.ANY)) {
                    any = methods[i + 1];
                }
            }
            return (T) any;
        }
    }

    private static final class Captures {
        private final List<String> names = new ArrayList<>(4);
        private final List<String> values = new ArrayList<>(4);
        String greedyName;
        List<String> greedySegments = List.of();

        int size() {
            return names.size();
        }

        void push(String name, String value) {
            names.add(name);
            values.add(value);
        }

        void truncate(int size) {
            while (names.size() > size) {
                names.remove(names.size() - 1);
                values.remove(values.size() - 1);
            }
        }

        Map<String, String> toMap() {
            if (names.isEmpty()) {
                return Collections.emptyMap();
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), values.get(i));
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
