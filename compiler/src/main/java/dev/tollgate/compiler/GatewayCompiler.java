package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.ir.RedisConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Compiles the namespace's Gateway: which one serves the namespace (a second is a conflict), the
 * endpoint suffix of its default endpoints and the Redis its shared state lives in.
 */
final class GatewayCompiler {
    private static final Pattern DNS_NAME = Pattern.compile(Grammar.DNS_NAME);

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
}
