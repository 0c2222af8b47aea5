package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.GatewayLimits;
import dev.tollgate.crds.v1alpha1.GatewayTimeouts;
import dev.tollgate.crds.v1alpha1.GatewayTracing;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.TracingConfig;
import dev.tollgate.ir.TrafficLimitsConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * Compiles the namespace's Gateway: which one serves the namespace (a second is a conflict), the
 * endpoint suffix of its default endpoints, the Redis its shared state lives in, its client
 * timeouts and connection limits, and the collector its traces go to.
 */
final class GatewayCompiler {
    private static final Pattern DNS_NAME = Pattern.compile(Grammar.DNS_NAME);

    /** Longest timeout accepted: a day; longer is a typo, never a policy. */
    private static final long MAX_TIMEOUT_MILLIS = 86_400_000L;

    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final List<Gateway> gateways;

    GatewayCompiler(NamespaceSnapshot snapshot, Findings findings) {
        this.snapshot = snapshot;
        this.findings = findings;
        // The oldest Gateway wins, as a controller sees them; names break ties deterministically.
        this.gateways = new ArrayList<>(snapshot.gateways());
        gateways.sort(Comparator.comparing((Gateway g) ->
                        Objects.requireNonNullElse(g.getMetadata().getCreationTimestamp(), "~"))
                .thenComparing(g -> g.getMetadata().getName()));
    }

    /** The Gateway that serves the namespace, or null. */
    Gateway winner() {
        return gateways.isEmpty() ? null : gateways.get(0);
    }

    /**
     * Reports every Gateway but the winner as a conflict and returns the winner's endpoint suffix,
     * or null for the default.
     */
    String endpointSuffix() {
        String suffix = null;
        for (int i = 0; i < gateways.size(); i++) {
            Gateway gateway = gateways.get(i);
            ResourceRef ref = ResourceRef.of(gateway);
            if (i > 0) {
                findings.error(
                        ref,
                        "",
                        Reason.CONFLICT,
                        "Gateway " + gateways.get(0).getMetadata().getName()
                                + " already serves this namespace; only one Gateway per namespace is allowed");
                continue;
            }
            if (gateway.getSpec() == null) {
                continue;
            }
            String wanted = gateway.getSpec().getEndpointSuffix();
            if (wanted != null) {
                String lower = wanted.toLowerCase(Locale.ROOT);
                if (DNS_NAME.matcher(lower).matches()) {
                    suffix = lower;
                } else {
                    findings.error(ref, "spec.endpointSuffix", Reason.INVALID_VALUE, wanted + " is not a DNS name");
                }
            }
        }
        return suffix;
    }

    /** The Redis of the serving Gateway, or null. */
    RedisConfig redis() {
        Gateway gateway = winner();
        if (gateway == null || gateway.getSpec() == null || gateway.getSpec().getRedis() == null) {
            return null;
        }
        return new RedisCompiler(snapshot, findings, ResourceRef.of(gateway))
                .compile(gateway.getSpec().getRedis());
    }

    /**
     * The serving Gateway's {@code spec.timeouts} and {@code spec.limits}, or null when it sets none;
     * an invalid value is an error finding and leaves that limit at its default.
     */
    TrafficLimitsConfig limits() {
        Gateway gateway = winner();
        if (gateway == null || gateway.getSpec() == null) {
            return null;
        }
        ResourceRef ref = ResourceRef.of(gateway);
        GatewayTimeouts t = gateway.getSpec().getTimeouts();
        GatewayLimits l = gateway.getSpec().getLimits();
        List<String> proxies = trustedProxies(ref, gateway.getSpec().getTrustedProxies());
        if (t == null && l == null && proxies.isEmpty()) {
            return null;
        }
        TrafficLimitsConfig limits = new TrafficLimitsConfig(
                t == null ? null : timeout(ref, "spec.timeouts.requestHeader", t.getRequestHeader()),
                t == null ? null : timeout(ref, "spec.timeouts.requestBodyIdle", t.getRequestBodyIdle()),
                t == null ? null : timeout(ref, "spec.timeouts.requestBody", t.getRequestBody()),
                t == null ? null : timeout(ref, "spec.timeouts.idle", t.getIdle()),
                t == null ? null : timeout(ref, "spec.timeouts.tlsHandshake", t.getTlsHandshake()),
                l == null ? null : count(ref, "spec.limits.maxConnections", l.getMaxConnections()),
                l == null ? null : count(ref, "spec.limits.maxConcurrentStreams", l.getMaxConcurrentStreams()),
                l == null ? null : budget(ref, l.getRequestBodyBudget()),
                proxies,
                t == null ? null : timeout(ref, "spec.timeouts.http2PingInterval", t.getHttp2PingInterval()),
                t == null ? null : timeout(ref, "spec.timeouts.http2PingTimeout", t.getHttp2PingTimeout()),
                l == null
                        ? null
                        : count(ref, "spec.limits.http2ControlFramesPerSecond", l.getHttp2ControlFramesPerSecond()));
        return limits.setsNothing() ? null : limits;
    }

    /** The valid entries of {@code spec.trustedProxies}; each invalid one is an error finding. */
    private List<String> trustedProxies(ResourceRef ref, List<String> values) {
        List<String> out = new ArrayList<>();
        List<String> list = Inputs.orEmpty(values);
        for (int i = 0; i < list.size(); i++) {
            String cidr = PolicyCompiler.cidr(list.get(i));
            if (cidr != null) {
                out.add(cidr);
            } else {
                findings.error(
                        ref,
                        "spec.trustedProxies[" + i + "]",
                        Reason.INVALID_VALUE,
                        list.get(i) + " is not an IPv4 or IPv6 address or CIDR range");
            }
        }
        return out;
    }

    /**
     * The serving Gateway's trace collector ({@code spec.tracing}), or null when it names none; a
     * bad endpoint is an error finding and leaves tracing without a collector.
     */
    TracingConfig tracing() {
        Gateway gateway = winner();
        if (gateway == null || gateway.getSpec() == null || gateway.getSpec().getTracing() == null) {
            return null;
        }
        ResourceRef ref = ResourceRef.of(gateway);
        GatewayTracing t = gateway.getSpec().getTracing();
        Double ratio = t.getSamplingRatio();
        if (ratio != null && !(ratio >= 0 && ratio <= 1)) {
            findings.error(ref, "spec.tracing.samplingRatio", Reason.INVALID_VALUE, "samplingRatio is within 0..1");
            return null;
        }
        if (t.getEndpoint() == null || t.getEndpoint().isEmpty()) {
            findings.error(ref, "spec.tracing.endpoint", Reason.INVALID_VALUE, "endpoint is required");
            return null;
        }
        String endpoint = OtlpEndpoints.tracesUrl(t.getEndpoint());
        if (endpoint == null) {
            findings.error(
                    ref,
                    "spec.tracing.endpoint",
                    Reason.INVALID_VALUE,
                    t.getEndpoint() + " is not an http:// or https:// URL without credentials");
            return null;
        }
        return new TracingConfig(endpoint, ratio == null ? 1.0 : ratio);
    }

    private Long timeout(ResourceRef ref, String field, String value) {
        return quantity(ref, field, value, Quantities::millis, MAX_TIMEOUT_MILLIS, "is not between 1ms and 24h");
    }

    private Integer count(ResourceRef ref, String field, Integer value) {
        if (value != null && value < 1) {
            findings.error(ref, field, Reason.INVALID_VALUE, value + " is not a positive number");
            return null;
        }
        return value;
    }

    private Long budget(ResourceRef ref, String value) {
        return quantity(
                ref,
                "spec.limits.requestBodyBudget",
                value,
                Quantities::bytes,
                Long.MAX_VALUE,
                "is not a positive size");
    }

    /** The value parsed and within 1..max, else null with an error finding naming the field. */
    private Long quantity(
            ResourceRef ref, String field, String value, ToLongFunction<String> parse, long max, String outOfRange) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = parse.applyAsLong(value);
            if (parsed < 1 || parsed > max) {
                findings.error(ref, field, Reason.INVALID_VALUE, value + " " + outOfRange);
                return null;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            findings.error(ref, field, Reason.INVALID_VALUE, e.getMessage());
            return null;
        }
    }
}
