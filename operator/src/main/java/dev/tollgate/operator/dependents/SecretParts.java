package dev.tollgate.operator.dependents;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.controlapi.auth.SecretCredentials;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.AwsServiceConfig;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.RedisTlsConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.SecretValueConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.TruststoreConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The values of the data plane's Secret: every Secret value the compiled config references (domain
 * certificates and keys, mutual TLS trust stores, backend CA bundles, the Redis password, the
 * sentinels' password, the Redis CA bundle and client certificate, AWS integrations' credentials), each under {@code
 * <secretName>.<key>}; and, when a route is AWS_IAM, the access keys of SigV4 callers (the Secrets
 * labelled {@value SecretInfo#ACCESS_KEY_ID_LABEL}) under {@link SecretCredentials#copyKey}, so the
 * data plane reads them without any right on the namespace's Secrets. All references are in the config's namespace (the compiler refuses others),
 * so the name alone identifies the Secret. A reference whose Secret or key is missing is left out:
 * the compiler has reported it, and the data plane serves no handshake for it.
 */
public final class SecretParts {
    private SecretParts() {}

    /** The key under which the data plane's Secret carries {@code key} of Secret {@code secretName}. */
    public static String key(String secretName, String key) {
        return secretName + "." + key;
    }

    /** The referenced values of {@code secrets} (the namespace's Secrets), sorted by key. */
    public static SortedMap<String, byte[]> of(GatewayConfig config, List<SecretInfo> secrets) {
        Map<String, SecretInfo> byName = new HashMap<>();
        for (SecretInfo s : secrets) {
            if (s.namespace().equals(config.namespace())) {
                byName.put(s.name(), s);
            }
        }
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (DomainConfig d : config.domains()) {
            DomainTlsConfig tls = d.tls();
            if (tls == null) {
                continue;
            }
            copy(byName, tls.secretName(), DomainTlsConfig.CERTIFICATE_KEY, out);
            copy(byName, tls.secretName(), DomainTlsConfig.PRIVATE_KEY_KEY, out);
            TruststoreConfig trust = tls.truststore();
            if (trust != null) {
                copy(byName, trust.secretName(), trust.key(), out);
            }
        }
        for (BackendTlsConfig b : config.backendTls()) {
            copy(byName, b.caSecretName(), b.caKey(), out);
        }
        boolean iam = false;
        for (ApiConfig api : config.apis()) {
            for (StageConfig stage : api.stages()) {
                List<RouteConfig> routes = new ArrayList<>(stage.routes());
                if (stage.defaultRoute() != null) {
                    routes.add(stage.defaultRoute());
                }
                for (RouteConfig route : routes) {
                    iam |= route.authorization() != null
                            && route.authorization().authorizer() instanceof KubernetesAuthorizerConfig;
                    if (route.integration() instanceof HttpIntegrationConfig http
                            && http.aws() != null
                            && http.aws().credentialsSecret() != null) {
                        String name = http.aws().credentialsSecret();
                        copy(byName, name, AwsServiceConfig.ACCESS_KEY_ID, out);
                        copy(byName, name, AwsServiceConfig.SECRET_ACCESS_KEY, out);
                        copy(byName, name, AwsServiceConfig.SESSION_TOKEN, out);
                    }
                }
            }
        }
        if (iam) {
            copyAccessKeys(byName, out);
        }
        RedisConfig redis = config.redis();
        if (redis != null) {
            copy(byName, redis.password(), out);
            copy(byName, redis.sentinel() == null ? null : redis.sentinel().password(), out);
            RedisTlsConfig tls = redis.tls();
            if (tls != null) {
                copy(byName, tls.caBundle(), out);
                copy(byName, tls.clientCertificate(), out);
                copy(byName, tls.clientKey(), out);
            }
        }
        return out;
    }

    // A key id two Secrets claim is copied from neither, as the control API refuses it.
    private static void copyAccessKeys(Map<String, SecretInfo> byName, SortedMap<String, byte[]> out) {
        Map<String, List<SecretInfo>> byKeyId = new TreeMap<>();
        for (SecretInfo s : byName.values()) {
            if (SecretCredentials.validKeyId(s.accessKeyId())) {
                byKeyId.computeIfAbsent(s.accessKeyId(), k -> new ArrayList<>()).add(s);
            }
        }
        byKeyId.forEach((id, claimants) -> {
            if (claimants.size() == 1) {
                for (String field : SecretCredentials.FIELDS) {
                    byte[] v = claimants.get(0).data().get(field);
                    if (v != null) {
                        out.put(SecretCredentials.copyKey(id, field), v.clone());
                    }
                }
            }
        });
    }

    private static void copy(Map<String, SecretInfo> byName, SecretValueConfig ref, SortedMap<String, byte[]> out) {
        if (ref != null) {
            copy(byName, ref.secretName(), ref.key(), out);
        }
    }

    private static void copy(Map<String, SecretInfo> byName, String name, String key, SortedMap<String, byte[]> out) {
        SecretInfo s = byName.get(name);
        byte[] v = s == null ? null : s.data().get(key);
        if (v != null) {
            out.put(key(name, key), v.clone());
        }
    }
}
