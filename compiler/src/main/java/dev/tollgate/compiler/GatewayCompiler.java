package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.FailureMode;
import dev.tollgate.crds.v1alpha1.Gateway;
import dev.tollgate.crds.v1alpha1.Grammar;
import dev.tollgate.crds.v1alpha1.RedisSettings;
import dev.tollgate.ir.RedisConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the namespace's Gateway: which one serves the namespace (a second is a conflict), the
 * endpoint suffix of its default endpoints and the Redis its shared state lives in.
 */
final class GatewayCompiler {
    private static final Pattern DNS_NAME = Pattern.compile(Grammar.DNS_NAME);
    private static final Pattern REDIS_URL =
            Pattern.compile("(rediss?)://([^/@]*@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?(/[0-9]{0,2})?");

    private final Findings findings;
    private final List<Gateway> gateways;

    GatewayCompiler(NamespaceSnapshot snapshot, Findings findings) {
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
        ResourceRef ref = ResourceRef.of(gateway);
        RedisSettings redis = gateway.getSpec().getRedis();
        String url = redis.getUrl();
        if (url == null) {
            findings.error(ref, "spec.redis.url", Reason.INVALID_VALUE, "a redis:// or rediss:// URL is required");
            return null;
        }
        Matcher m = REDIS_URL.matcher(url);
        if (!m.matches()) {
            findings.error(
                    ref, "spec.redis.url", Reason.INVALID_VALUE, "not a URL of the form redis[s]://host[:port][/db]");
            return null;
        }
        if (m.group(2) != null) {
            // The IR is published in a ConfigMap: credentials never go in it.
            findings.error(
                    ref,
                    "spec.redis.url",
                    Reason.INVALID_VALUE,
                    "the URL holds credentials; put the password in spec.redis.passwordSecretRef");
            return null;
        }
        if (redis.getPasswordSecretRef() != null) {
            findings.notSupportedYet(ref, "spec.redis.passwordSecretRef", "Redis passwords");
        }
        return new RedisConfig(url, redis.getFailureMode() != FailureMode.FAIL_CLOSED);
    }
}
