package dev.tollgate.dataplane.limits;

import dev.tollgate.dataplane.tls.KeyDigest;
import dev.tollgate.dataplane.tls.KeyMaterial;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.RedisSentinelConfig;
import dev.tollgate.ir.RedisTlsConfig;
import dev.tollgate.ir.SecretValueConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A config's Redis with the Secret values it names read from the key material: what a connection is
 * made with. Two endpoints with the same {@link #digest} connect the same way with the same
 * credentials; a rotated password or certificate changes it. A referenced value that is missing is
 * a {@link #problem}, a configuration error found before connecting. Values are never logged:
 * {@link #toString} prints the description only.
 *
 * @param description where it connects, without credentials, for logs and metrics
 * @param config the compiled settings
 * @param password the AUTH password, or null
 * @param sentinelPassword the sentinels' own password, or null
 * @param caBundle PEM CA certificates to trust, or null for the default trust store
 * @param clientCertificate PEM client certificate chain, or null
 * @param clientKey its PEM private key, or null
 * @param problem why no connection may be made (a missing Secret value), or null
 * @param digest identity of all of the above
 */
record RedisEndpoint(
        String description,
        RedisConfig config,
        byte[] password,
        byte[] sentinelPassword,
        byte[] caBundle,
        byte[] clientCertificate,
        byte[] clientKey,
        String problem,
        String digest) {

    /** Port of a sentinel whose address names none. */
    static final int SENTINEL_PORT = 26379;

    /** Port of a Redis server whose address names none. */
    static final int REDIS_PORT = 6379;

    /** The endpoint of {@code config} in {@code namespace}, its Secret values read from {@code keys}. */
    static RedisEndpoint resolve(String namespace, RedisConfig config, KeyMaterial keys) {
        List<String> missing = new ArrayList<>();
        byte[] password = value(namespace, config.password(), keys, missing);
        byte[] sentinelPassword = config.sentinel() == null
                ? null
                : value(namespace, config.sentinel().password(), keys, missing);
        RedisTlsConfig tls = config.tls();
        byte[] ca = tls == null ? null : value(namespace, tls.caBundle(), keys, missing);
        byte[] certificate = tls == null ? null : value(namespace, tls.clientCertificate(), keys, missing);
        byte[] key = tls == null ? null : value(namespace, tls.clientKey(), keys, missing);
        String problem = null;
        if (!missing.isEmpty()) {
            problem = "Secret value " + String.join(", ", missing) + " is not available";
        } else if (config.username() != null && password == null) {
            problem = "ACL user " + config.username() + " has no passwordSecretRef";
        }
        String description = describe(config);
        String digest = KeyDigest.of(
                utf8(description),
                utf8(String.valueOf(config.username())),
                utf8(String.valueOf(
                        config.sentinel() == null ? "" : config.sentinel().database())),
                password,
                sentinelPassword,
                ca,
                certificate,
                key,
                utf8(String.valueOf(problem)));
        return new RedisEndpoint(
                description, config, password, sentinelPassword, ca, certificate, key, problem, digest);
    }

    private static byte[] value(String namespace, SecretValueConfig ref, KeyMaterial keys, List<String> missing) {
        if (ref == null) {
            return null;
        }
        byte[] v = keys.value(namespace, ref.secretName(), ref.key());
        if (v == null) {
            missing.add(ref.secretName() + "/" + ref.key());
        }
        return v;
    }

    /** What a refusal of the given reason concerns, naming users and Secrets, never values. */
    String concerning(String reason) {
        if (RedisRefusal.AUTH.equals(reason) || RedisRefusal.PERMISSION.equals(reason)) {
            String user = config.username() == null ? "the default user" : "user " + config.username();
            String secret = config.password() == null
                    ? "no password"
                    : "the password of Secret " + config.password().secretName() + " key "
                            + config.password().key();
            String sentinel = config.sentinel() == null || config.sentinel().password() == null
                    ? ""
                    : "; sentinels: the password of Secret "
                            + config.sentinel().password().secretName() + " key "
                            + config.sentinel().password().key();
            return user + " with " + secret + sentinel;
        }
        if (RedisRefusal.TLS.equals(reason)) {
            RedisTlsConfig tls = config.tls();
            String ca = tls == null || tls.caBundle() == null
                    ? "the default trust store"
                    : "the CA bundle of Secret " + tls.caBundle().secretName() + " key "
                            + tls.caBundle().key();
            String client = tls == null || tls.clientCertificate() == null
                    ? "no client certificate"
                    : "the client certificate of Secret "
                            + tls.clientCertificate().secretName();
            return "verified with " + ca + ", " + client;
        }
        return "";
    }

    /** Where a config's Redis is, without credentials. */
    static String describe(RedisConfig config) {
        if (config.url() != null) {
            return withoutCredentials(config.url());
        }
        if (config.sentinel() != null) {
            return "sentinel master " + config.sentinel().masterName() + " via "
                    + String.join(",", config.sentinel().nodes());
        }
        return "cluster " + String.join(",", config.clusterNodes());
    }

    /** A URL with any {@code user:password@} replaced by {@code ***@}. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The sentinel URI of a Sentinel endpoint, with its sentinels, master and credentials. */
    RedisURI sentinelUri(Duration timeout) {
        RedisSentinelConfig sentinel = config.sentinel();
        RedisURI.Builder builder = RedisURI.builder()
                .withSentinelMasterId(sentinel.masterName())
                .withDatabase(sentinel.database())
                .withSsl(config.usesTls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(timeout);
        authenticate(builder, config.username(), password);
        for (String node : sentinel.nodes()) {
            HostPort at = HostPort.of(node, SENTINEL_PORT);
            RedisURI.Builder one = RedisURI.builder()
                    .withHost(at.host())
                    .withPort(at.port())
                    .withSsl(config.usesTls())
                    .withVerifyPeer(SslVerifyMode.FULL)
                    .withTimeout(timeout);
            authenticate(one, null, sentinelPassword);
            builder.withSentinel(one.build());
        }
        return builder.build();
    }

    /** The URIs of a standalone or cluster endpoint, with credentials. */
    List<RedisURI> serverUris(Duration timeout) {
        List<RedisURI> out = new ArrayList<>();
        List<String> addresses = config.url() != null ? List.of(config.url()) : config.clusterNodes();
        for (String address : addresses) {
            // RedisURI reads the db and any credentials of a local-mode --redis URL; the IR holds none.
            RedisURI uri = RedisURI.create(address);
            uri.setTimeout(timeout);
            uri.setVerifyPeer(SslVerifyMode.FULL);
            if (password != null) {
                uri.setUsername(config.username());
                uri.setPassword(chars(password));
            }
            out.add(uri);
        }
        return out;
    }

    private static void authenticate(RedisURI.Builder builder, String username, byte[] password) {
        if (password != null) {
            builder.withAuthentication(username, chars(password));
        }
    }

    private static char[] chars(byte[] value) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        return out;
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + description + "]";
    }

    /** A {@code redis[s]://host[:port][/...]} address taken apart. */
    record HostPort(String host, int port) {
        static HostPort of(String url, int defaultPort) {
            String rest = url.substring(url.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                rest = rest.substring(at + 1);
            }
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                String host = rest.substring(1, close);
                String tail = rest.substring(close + 1);
                return new HostPort(host, tail.startsWith(":") ? Integer.parseInt(tail.substring(1)) : defaultPort);
            }
            int colon = rest.lastIndexOf(':');
            return colon < 0
                    ? new HostPort(rest, defaultPort)
                    : new HostPort(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
        }
    }
}
