package dev.tollgate.compiler;

import dev.tollgate.crds.v1alpha1.FailureMode;
import dev.tollgate.crds.v1alpha1.RedisSentinel;
import dev.tollgate.crds.v1alpha1.RedisSettings;
import dev.tollgate.crds.v1alpha1.RedisTls;
import dev.tollgate.crds.v1alpha1.SecretKeyRef;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.RedisSentinelConfig;
import dev.tollgate.ir.RedisTlsConfig;
import dev.tollgate.ir.SecretValueConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a Gateway's {@code spec.redis}: one server, a Sentinel master or a Cluster, the ACL user,
 * and the Secrets holding the password, CA bundle and client certificate. The IR names the Secret
 * values, never holds them. A malformed address leaves the Redis out (the findings say why); a
 * missing Secret keeps its reference, so the data plane refuses limited requests and reports itself
 * not ready rather than quietly keeping limits per replica.
 */
final class RedisCompiler {
    private static final String HOST = "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])";
    private static final Pattern SERVER_URL =
            Pattern.compile("(rediss?)://([^/@]*@)?" + HOST + "(:[0-9]{1,5})?(/[0-9]{0,2})?");
    private static final Pattern NODE_URL = Pattern.compile("(rediss?)://([^/@]*@)?" + HOST + "(:[0-9]{1,5})?/?");
    private static final Pattern USERNAME = Pattern.compile("[!-~]{1,128}");
    private static final String FIELD = "spec.redis";

    private final NamespaceSnapshot snapshot;
    private final Findings findings;
    private final ResourceRef ref;

    RedisCompiler(NamespaceSnapshot snapshot, Findings findings, ResourceRef ref) {
        this.snapshot = snapshot;
        this.findings = findings;
        this.ref = ref;
    }

    /** The Redis of these settings, or null when its addresses are unusable. */
    RedisConfig compile(RedisSettings redis) {
        int kinds = (redis.getUrl() != null ? 1 : 0)
                + (redis.getSentinel() != null ? 1 : 0)
                + (redis.getCluster() != null ? 1 : 0);
        if (kinds != 1) {
            findings.error(
                    ref,
                    FIELD,
                    Reason.INVALID_VALUE,
                    "exactly one of url, sentinel or cluster must be set (a redis:// or rediss:// URL is required"
                            + " for one server)");
            return null;
        }
        int mark = findings.mark();
        String url = null;
        RedisSentinelConfig sentinel = null;
        List<String> clusterNodes = List.of();
        if (redis.getUrl() != null) {
            url = address(FIELD + ".url", redis.getUrl(), SERVER_URL, "redis[s]://host[:port][/db]");
        } else if (redis.getSentinel() != null) {
            sentinel = sentinel(redis.getSentinel());
        } else {
            clusterNodes = nodes(FIELD + ".cluster.nodes", redis.getCluster().getNodes());
        }
        if (findings.errorsSince(mark)) {
            return null;
        }
        if (sentinel != null && redis.getSentinel().getPasswordSecretRef() != null) {
            sentinel = new RedisSentinelConfig(
                    sentinel.masterName(),
                    sentinel.nodes(),
                    sentinel.database(),
                    password(
                            FIELD + ".sentinel.passwordSecretRef",
                            redis.getSentinel().getPasswordSecretRef()));
        }
        String username = redis.getUsername();
        if (username != null) {
            if (!USERNAME.matcher(username).matches()) {
                findings.error(
                        ref,
                        FIELD + ".username",
                        Reason.INVALID_VALUE,
                        "an ACL user name is 1 to 128 printable characters without spaces");
                username = null;
            } else if (redis.getPasswordSecretRef() == null) {
                findings.error(
                        ref,
                        FIELD + ".username",
                        Reason.INVALID_VALUE,
                        "an ACL user needs spec.redis.passwordSecretRef (any value, for a user with nopass)");
            }
        }
        SecretValueConfig password = redis.getPasswordSecretRef() == null
                ? null
                : password(FIELD + ".passwordSecretRef", redis.getPasswordSecretRef());
        RedisConfig probe = new RedisConfig(url, sentinel, clusterNodes, null, null, null, true);
        RedisTlsConfig tls = tls(redis.getTls(), probe.usesTls());
        return new RedisConfig(
                url,
                sentinel,
                clusterNodes,
                username,
                password,
                tls,
                redis.getFailureMode() != FailureMode.FAIL_CLOSED);
    }

    private RedisSentinelConfig sentinel(RedisSentinel settings) {
        String master = settings.getMasterName();
        if (master == null || master.isBlank()) {
            findings.error(ref, FIELD + ".sentinel.masterName", Reason.INVALID_VALUE, "the master's name is required");
        }
        List<String> nodes = nodes(FIELD + ".sentinel.nodes", settings.getNodes());
        int database = settings.getDatabase() == null ? 0 : settings.getDatabase();
        if (database < 0 || database > 15) {
            findings.error(ref, FIELD + ".sentinel.database", Reason.INVALID_VALUE, "database must be within 0..15");
        }
        if (master == null || master.isBlank() || nodes.isEmpty() || database < 0 || database > 15) {
            return null;
        }
        // The sentinels' password is resolved once the addresses are known to be usable.
        return new RedisSentinelConfig(master, nodes, database, null);
    }

    /** Seed or sentinel addresses: each {@code redis[s]://host[:port]}, all with one scheme. */
    private List<String> nodes(String field, List<String> given) {
        if (given == null || given.isEmpty()) {
            findings.error(ref, field, Reason.INVALID_VALUE, "at least one node is required");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String scheme = null;
        for (int i = 0; i < given.size(); i++) {
            String node = address(field + "[" + i + "]", given.get(i), NODE_URL, "redis[s]://host[:port]");
            if (node == null) {
                continue;
            }
            String mine = node.substring(0, node.indexOf(':'));
            if (scheme != null && !scheme.equals(mine)) {
                findings.error(
                        ref,
                        field + "[" + i + "]",
                        Reason.INVALID_VALUE,
                        "every node must use the same scheme (" + scheme + "://): TLS is on for all or none");
                continue;
            }
            scheme = mine;
            out.add(node.endsWith("/") ? node.substring(0, node.length() - 1) : node);
        }
        return out;
    }

    /** The address if it is of the given form without credentials, else null with a finding. */
    private String address(String field, String value, Pattern form, String describe) {
        Matcher m = value == null ? null : form.matcher(value);
        if (m == null || !m.matches()) {
            findings.error(ref, field, Reason.INVALID_VALUE, "not a URL of the form " + describe);
            return null;
        }
        if (m.group(2) != null) {
            findings.error(
                    ref,
                    field,
                    Reason.INVALID_VALUE,
                    "the URL holds credentials; put the user in spec.redis.username and the password in a Secret"
                            + " named by spec.redis.passwordSecretRef");
            return null;
        }
        if (m.group(4) != null) {
            int port = Integer.parseInt(m.group(4).substring(1));
            if (port < 1 || port > 65535) {
                findings.error(ref, field, Reason.INVALID_VALUE, "port must be within 1..65535");
                return null;
            }
        }
        return value;
    }

    private SecretValueConfig password(String field, SecretKeyRef secretRef) {
        Optional<byte[]> value = value(field, secretRef);
        if (value.isPresent()) {
            byte[] v = value.get();
            if (v.length == 0) {
                findings.error(ref, field + ".key", Reason.INVALID_VALUE, "the password is empty");
            } else if (v[v.length - 1] == '\n' || v[v.length - 1] == '\r') {
                findings.warning(
                        ref,
                        field + ".key",
                        Reason.INVALID_VALUE,
                        "the password ends with a line break, which is sent to Redis as part of it; a Secret made"
                                + " with echo or from a file often has one by mistake");
            }
        }
        return SecretValueConfig.secret(orEmpty(secretRef.getName()), orEmpty(secretRef.getKey()));
    }

    private RedisTlsConfig tls(RedisTls settings, boolean usesTls) {
        if (settings == null
                || (settings.getCaBundleSecretRef() == null && settings.getClientCertificateSecretName() == null)) {
            return null;
        }
        if (!usesTls) {
            findings.error(
                    ref,
                    FIELD + ".tls",
                    Reason.INVALID_VALUE,
                    "TLS settings need rediss:// addresses; redis:// connections are plain text");
            return null;
        }
        SecretValueConfig ca = null;
        SecretKeyRef caRef = settings.getCaBundleSecretRef();
        if (caRef != null) {
            String field = FIELD + ".tls.caBundleSecretRef";
            Optional<byte[]> bundle = value(field, caRef);
            if (bundle.isPresent()
                    && !new String(bundle.get(), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                findings.error(ref, field + ".key", Reason.INVALID_VALUE, "not a PEM bundle of certificates");
            }
            ca = new SecretValueConfig(
                    orEmpty(caRef.getName()),
                    orEmpty(caRef.getKey()),
                    bundle.map(Sha256::hex).orElse(null));
        }
        SecretValueConfig certificate = null;
        SecretValueConfig key = null;
        String name = settings.getClientCertificateSecretName();
        if (name != null) {
            String field = FIELD + ".tls.clientCertificateSecretName";
            Optional<SecretInfo> secret = snapshot.secret(name);
            String hash = null;
            if (secret.isEmpty()) {
                findings.error(ref, field, Reason.MISSING_REFERENCE, "no Secret named " + name);
            } else if (!secret.get().hasKey(DomainTlsConfig.CERTIFICATE_KEY)
                    || !secret.get().hasKey(DomainTlsConfig.PRIVATE_KEY_KEY)) {
                findings.error(
                        ref,
                        field,
                        Reason.MISSING_REFERENCE,
                        "Secret " + name + " needs tls.crt and tls.key (type kubernetes.io/tls)");
            } else {
                hash = Sha256.hex(secret.get().data().get(DomainTlsConfig.CERTIFICATE_KEY));
            }
            certificate = new SecretValueConfig(name, DomainTlsConfig.CERTIFICATE_KEY, hash);
            key = SecretValueConfig.secret(name, DomainTlsConfig.PRIVATE_KEY_KEY);
        }
        return new RedisTlsConfig(ca, certificate, key);
    }

    /** The referenced value, or empty with a finding when the Secret or its key is missing. */
    private Optional<byte[]> value(String field, SecretKeyRef secretRef) {
        String name = secretRef.getName();
        String key = secretRef.getKey();
        Optional<SecretInfo> secret = name == null ? Optional.empty() : snapshot.secret(name);
        if (secret.isEmpty()) {
            findings.error(ref, field + ".name", Reason.MISSING_REFERENCE, "no Secret named " + name);
            return Optional.empty();
        }
        if (key == null || !secret.get().hasKey(key)) {
            findings.error(ref, field + ".key", Reason.MISSING_REFERENCE, "Secret " + name + " has no key " + key);
            return Optional.empty();
        }
        return Optional.of(secret.get().data().get(key));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
