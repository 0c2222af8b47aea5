package dev.tollgate.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.SecretInfo;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.AwsServiceConfig;
import dev.tollgate.ir.BackendTlsConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.DomainTlsConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.KubernetesAuthorizerConfig;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RedisConfig;
import dev.tollgate.ir.RedisSentinelConfig;
import dev.tollgate.ir.RedisTlsConfig;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.SecretValueConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.TruststoreConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecretPartsTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SecretInfo secret(String ns, String name, Map<String, String> values) {
        TreeMap<String, byte[]> data = new TreeMap<>();
        values.forEach((k, v) -> data.put(k, b(v)));
        return new SecretInfo(ns, name, "Opaque", data);
    }

    static GatewayConfig config() {
        return new GatewayConfig(
                GatewayConfig.SCHEMA_VERSION,
                "id",
                "team",
                null,
                List.of(),
                List.of(
                        new DomainConfig(
                                "a.example.test",
                                List.of(),
                                new DomainTlsConfig(
                                        "a-tls", "h1", "TLSv1.2", new TruststoreConfig("clients", "ca.pem", "h2"))),
                        new DomainConfig("plain.example.test", List.of(), null),
                        new DomainConfig(
                                "gone.example.test", List.of(), new DomainTlsConfig("missing", "h3", "TLSv1.2", null))),
                List.of(new BackendTlsConfig("billing", "backend-ca", "bundle.pem", "h4")));
    }

    @Test
    void carriesEveryReferencedValueUnderSecretNameDotKeyAndNothingElse() {
        var parts = SecretParts.of(
                config(),
                List.of(
                        secret("team", "a-tls", Map.of("tls.crt", "CERT", "tls.key", "KEY", "extra", "no")),
                        secret("team", "clients", Map.of("ca.pem", "CLIENT-CA", "other.pem", "no")),
                        secret("team", "backend-ca", Map.of("bundle.pem", "BACKEND-CA")),
                        secret("team", "unreferenced", Map.of("tls.crt", "no")),
                        secret("elsewhere", "a-tls", Map.of("tls.crt", "WRONG-NS"))));
        assertThat(parts).containsOnlyKeys("a-tls.tls.crt", "a-tls.tls.key", "clients.ca.pem", "backend-ca.bundle.pem");
        assertThat(parts.get("a-tls.tls.crt")).isEqualTo(b("CERT"));
        assertThat(parts.get("a-tls.tls.key")).isEqualTo(b("KEY"));
        assertThat(parts.get("clients.ca.pem")).isEqualTo(b("CLIENT-CA"));
        assertThat(parts.get("backend-ca.bundle.pem")).isEqualTo(b("BACKEND-CA"));
    }

    @Test
    void carriesTheRedisPasswordsCaBundleAndClientCertificate() {
        GatewayConfig config = config().withSharedState(
                        List.of(),
                        new RedisConfig(
                                null,
                                new RedisSentinelConfig(
                                        "limits",
                                        List.of("rediss://sentinel:26379"),
                                        0,
                                        SecretValueConfig.secret("sentinel-auth", "password")),
                                List.of(),
                                "tollgate",
                                SecretValueConfig.secret("redis-auth", "password"),
                                new RedisTlsConfig(
                                        new SecretValueConfig("redis-ca", "ca.crt", "h5"),
                                        new SecretValueConfig("redis-client", "tls.crt", "h6"),
                                        SecretValueConfig.secret("redis-client", "tls.key")),
                                false));
        var parts = SecretParts.of(
                config,
                List.of(
                        secret("team", "redis-auth", Map.of("password", "PW", "other", "no")),
                        secret("team", "sentinel-auth", Map.of("password", "SPW")),
                        secret("team", "redis-ca", Map.of("ca.crt", "CA")),
                        secret("team", "redis-client", Map.of("tls.crt", "CRT", "tls.key", "KEY"))));
        assertThat(parts)
                .containsOnlyKeys(
                        "redis-auth.password",
                        "sentinel-auth.password",
                        "redis-ca.ca.crt",
                        "redis-client.tls.crt",
                        "redis-client.tls.key");
        assertThat(parts.get("redis-auth.password")).isEqualTo(b("PW"));
        assertThat(parts.get("sentinel-auth.password")).isEqualTo(b("SPW"));
        assertThat(parts.get("redis-client.tls.key")).isEqualTo(b("KEY"));
    }

    @Test
    void aSecretOfAnotherNamespaceIsNeverCopied() {
        var parts = SecretParts.of(
                config(), List.of(secret("elsewhere", "a-tls", Map.of("tls.crt", "WRONG-NS", "tls.key", "K"))));
        assertThat(parts).isEmpty();
    }

    @Test
    void carriesTheCredentialsOfAwsIntegrationsAndNoOtherKeyOfTheirSecret() {
        HttpIntegrationConfig s3 =
                backend(new AwsServiceConfig("s3", "us-east-1", "s3-credentials", null, null, false));
        GatewayConfig config = served(new RouteConfig("GET", "/objects/{key}", false, s3));
        var parts = SecretParts.of(
                config,
                List.of(secret(
                        "team",
                        "s3-credentials",
                        Map.of("accessKeyId", "AKID", "secretAccessKey", "SECRET", "note", "not referenced"))));
        assertThat(parts).containsOnlyKeys("s3-credentials.accessKeyId", "s3-credentials.secretAccessKey");
        assertThat(parts.get("s3-credentials.secretAccessKey")).isEqualTo(b("SECRET"));
    }

    static HttpIntegrationConfig backend() {
        return backend(null);
    }

    /** An HTTP integration, or an AWS service integration with {@code aws}. */
    static HttpIntegrationConfig backend(AwsServiceConfig aws) {
        return new HttpIntegrationConfig(
                "backend",
                false,
                "GET",
                new UrlUpstreamConfig("http", "minio.storage.svc", 9000),
                "/bucket/{key}",
                29000,
                List.of(),
                null,
                PassthroughBehavior.WHEN_NO_MATCH,
                List.of(),
                null,
                aws);
    }

    static GatewayConfig served(RouteConfig route) {
        return new GatewayConfig(
                GatewayConfig.SCHEMA_VERSION,
                "id",
                "team",
                null,
                List.of(new ApiConfig(
                        "objects",
                        ProtocolType.REST,
                        true,
                        List.of(new StageConfig("prod", new TreeMap<>(), null, List.of(route), null)))),
                List.of());
    }

    static SecretInfo accessKey(String ns, String name, String keyId, Map<String, String> values) {
        TreeMap<String, byte[]> data = new TreeMap<>();
        values.forEach((k, v) -> data.put(k, b(v)));
        return new SecretInfo(ns, name, "Opaque", data, new TreeMap<>(Map.of(SecretInfo.ACCESS_KEY_ID_LABEL, keyId)));
    }

    @Test
    void withAnAwsIamRouteCarriesTheNamespacesAccessKeysExceptOneTwoSecretsClaim() {
        GatewayConfig config = served(new RouteConfig(
                "GET",
                "/orders",
                false,
                backend(),
                new RouteAuthorizationConfig(new KubernetesAuthorizerConfig("AWS_IAM", 0), List.of())));
        Map<String, String> values =
                Map.of("secretAccessKey", "S", "username", "ci", "groups", "a,b", "note", "not a field");

        var parts = SecretParts.of(
                config,
                List.of(
                        accessKey("team", "ci-key", "AKIDCI", values),
                        accessKey("team", "first", "AKIDTWICE", values),
                        accessKey("team", "second", "AKIDTWICE", values),
                        accessKey("elsewhere", "other-key", "AKIDOTHER", values),
                        secret("team", "unlabelled", values)));

        assertThat(parts)
                .containsOnlyKeys(
                        "AccessKey.AKIDCI.groups", "AccessKey.AKIDCI.secretAccessKey", "AccessKey.AKIDCI.username");
        assertThat(parts.get("AccessKey.AKIDCI.secretAccessKey")).isEqualTo(b("S"));
    }

    @Test
    void withoutAnAwsIamRouteNoAccessKeyIsCarried() {
        var parts = SecretParts.of(
                served(new RouteConfig("GET", "/orders", false, backend())),
                List.of(accessKey("team", "ci-key", "AKIDCI", Map.of("secretAccessKey", "S", "username", "ci"))));

        assertThat(parts).isEmpty();
    }
}
