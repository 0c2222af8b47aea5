package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.ir.BasePathMappingConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Host header → API and stage. A default endpoint host {@code {api}.{namespace}.{suffix}} takes the
 * stage from the first path segment; a custom domain takes it from its longest matching base path
 * mapping (compared segment by segment); with a default API, any other host is that API's default
 * endpoint.
 */
public final class HostIndex {
    private final Map<String, ApiRuntime> defaultEndpoints;
    private final Map<String, List<Mapping>> domains;
    private final ApiRuntime defaultApi;
    private final Set<String> tlsDomains;

    HostIndex(
            Map<String, ApiRuntime> defaultEndpoints,
            Map<String, List<Mapping>> domains,
            ApiRuntime defaultApi,
            Set<String> tlsDomains) {
        this.defaultEndpoints = defaultEndpoints;
        this.domains = domains;
        this.defaultApi = defaultApi;
        this.tlsDomains = tlsDomains;
    }

    /**
     * Whether the Host names a custom domain with {@code tls}: such a domain is served on the TLS
     * listener only, so its certificate (and, with mutual TLS, its client certificate check) cannot
     * be bypassed by asking the plain listener with its Host.
     */
    public boolean requiresTls(String hostHeader) {
        return hostHeader != null && !tlsDomains.isEmpty() && tlsDomains.contains(normalizeHost(hostHeader));
    }

    /**
     * A base path mapping resolved to its API.
     *
     * @param segments the base path's segments
     * @param api the API
     * @param stage the stage name
     */
    record Mapping(List<String> segments, ApiRuntime api, String stage) {}

    static Mapping mapping(BasePathMappingConfig config, ApiRuntime api) {
        List<String> segments = new ArrayList<>();
        for (String s : config.basePath().split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return new Mapping(List.copyOf(segments), api, config.stage());
    }

    static void sortLongestFirst(List<Mapping> mappings) {
        mappings.sort(
                Comparator.comparingInt((Mapping m) -> m.segments().size()).reversed());
    }

    /**
     * Where a request goes.
     *
     * @param api the API, never null
     * @param stageName the stage name, or null when the path names none
     * @param resourcePath the path below the stage (or below the base path)
     * @param viaDefaultEndpoint whether it came through the default endpoint (which the API may
     *     have switched off)
     */
    public record Target(ApiRuntime api, String stageName, CanonicalPath resourcePath, boolean viaDefaultEndpoint) {}

    /** The target of a request, or null when neither its host nor a default API serves it. */
    public Target resolve(String hostHeader, CanonicalPath path) {
        String host = hostHeader == null ? "" : normalizeHost(hostHeader);
        ApiRuntime api = defaultEndpoints.get(host);
        if (api != null) {
            return defaultEndpoint(api, path);
        }
        List<Mapping> mappings = domains.get(host);
        if (mappings != null) {
            for (Mapping m : mappings) {
                if (startsWith(path.segments(), m.segments())) {
                    return new Target(m.api(), m.stage(), path.from(m.segments().size()), false);
                }
            }
            return null;
        }
        if (defaultApi != null) {
            return defaultEndpoint(defaultApi, path);
        }
        return null;
    }

    private static Target defaultEndpoint(ApiRuntime api, CanonicalPath path) {
        String stage = path.size() == 0 ? null : path.segments().get(0);
        return new Target(api, stage, path.from(1), true);
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        if (prefix.size() > path.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The host of a Host header: lower case, without port or a trailing dot. */
    public static String normalizeHost(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Every default endpoint host served (for the admin summary). */
    public Map<String, ApiRuntime> defaultEndpoints() {
        return new HashMap<>(defaultEndpoints);
    }
}
