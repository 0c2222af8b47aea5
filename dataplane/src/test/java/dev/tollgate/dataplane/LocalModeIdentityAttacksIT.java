package dev.tollgate.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.dataplane.testing.Await;
import dev.tollgate.dataplane.testing.Folders;
import dev.tollgate.dataplane.testing.LocalGateway;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.RawHttp;
import dev.tollgate.dataplane.testing.RecordingBackend;
import dev.tollgate.dataplane.testing.TlsClient;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 16 tried against local mode through real sockets, each asserted from the
 * attacker's side (what it got back) and the backend's (what reached it): a plain-text request to a
 * mutual-TLS domain, forged identity headers whose mapped source is absent, one caller reading
 * another's cached answer, a cached Set-Cookie, a poisoned cache key, a backend's CORS headers for a
 * foreign origin, and a forged X-Forwarded-For from an untrusted peer.
 */
class LocalModeIdentityAttacksIT {
    private static final String API = "attacks.default.execute-api.localhost";
    private static final String DOMAIN = "secure.example.test";
    private static final String KEY_A = "key-of-caller-a-0123456789";
    private static final String KEY_B = "key-of-caller-b-0123456789";

    @TempDir
    static Path folder;

    private static RecordingBackend backend;
    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;
    private static LogCapture logs;
    private static LocalGateway local;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
        server = new SelfSignedCertificate(DOMAIN);
        client = new SelfSignedCertificate("trusted-client.example.test");
        Folders.write(folder, "api.yaml", api(backend.port()));
        Folders.write(folder, "stage.yaml", stage(null));
        Folders.write(folder, "domain.yaml", domain());
        logs = LogCapture.start();
        local = LocalGateway.on(folder).withTls().start();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
        if (logs != null) {
            logs.close();
        }
        backend.close();
        server.delete();
        client.delete();
    }

    private static String api(int port) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Gateway",
                "metadata: {name: edge}",
                "spec:",
                "  trustedProxies: [10.9.9.9]",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Integration",
                "metadata: {name: backend}",
                "spec:",
                "  type: HTTP_PROXY",
                "  url: http://127.0.0.1:" + port,
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: attacks}",
                "spec:",
                "  cors:",
                "    allowOrigins: ['https://good.example']",
                "    allowMethods: [GET]",
                "  resources:",
                "    - path: /whoami",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: backend",
                "            path: /whoami",
                "            requestParameters:",
                "              integration.request.header.x-client-dn: context.identity.clientCert.subjectDN",
                "              integration.request.header.x-role: method.request.header.x-source-role",
                "    - path: /cors",
                "      methods:",
                "        - {httpMethod: GET, integration: {integrationRef: backend, path: /cors}}",
                "    - path: /keyed",
                "      methods:",
                "        - {httpMethod: GET, apiKeyRequired: true, integration: {integrationRef: backend, path: /keyed}}",
                "    - path: /cookie",
                "      methods:",
                "        - {httpMethod: GET, integration: {integrationRef: backend, path: /cookie}}",
                "    - path: /private",
                "      methods:",
                "        - {httpMethod: GET, integration: {integrationRef: backend, path: /private}}",
                "    - path: /fail",
                "      methods:",
                "        - {httpMethod: GET, integration: {integrationRef: backend, path: /fail}}",
                "    - path: /search",
                "      methods:",
                "        - httpMethod: GET",
                "          requestParameters: {method.request.querystring.a: false}",
                "          integration:",
                "            integrationRef: backend",
                "            path: /search",
                "            cacheKeyParameters: [method.request.querystring.a]",
                "    - path: /ttl",
                "      methods:",
                "        - {httpMethod: GET, integration: {integrationRef: backend, path: /ttl}}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: UsagePlan",
                "metadata: {name: callers}",
                "spec:",
                "  apiStages: [{restApiRef: attacks, stage: prod}]",
                "  apiKeys: [caller-a, caller-b]",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: ApiKey",
                "metadata: {name: caller-a}",
                "spec: {valueFrom: {secretKeyRef: {name: caller-a-key, key: value}}}",
                "---",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: ApiKey",
                "metadata: {name: caller-b}",
                "spec: {valueFrom: {secretKeyRef: {name: caller-b-key, key: value}}}",
                "---",
                "apiVersion: v1",
                "kind: Secret",
                "metadata: {name: caller-a-key}",
                "stringData: {value: " + KEY_A + "}",
                "---",
                "apiVersion: v1",
                "kind: Secret",
                "metadata: {name: caller-b-key}",
                "stringData: {value: " + KEY_B + "}",
                "");
    }

    private static String stage(String flushToken) {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: Stage",
                "metadata: {name: prod}",
                "spec:",
                "  restApiRef: attacks",
                "  cache:",
                "    enabled: true",
                "    ttlInSeconds: 300",
                flushToken == null ? "" : "    flushToken: \"" + flushToken + "\"",
                "  methodSettings:",
                "    - resourcePath: /whoami",
                "      httpMethod: GET",
                "      caching: {enabled: false}",
                "    - resourcePath: /ttl",
                "      httpMethod: GET",
                "      caching: {enabled: true, ttlInSeconds: 1}",
                "");
    }

    private static String domain() throws Exception {
        return String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: DomainName",
                "metadata: {name: secure}",
                "spec:",
                "  domainName: " + DOMAIN,
                "  tls: {secretName: secure-tls}",
                "  mutualTls: {truststoreSecretRef: client-ca, key: ca.crt}",
                "  basePathMappings: [{restApiRef: attacks, stage: prod}]",
                "---",
                "apiVersion: v1",
                "kind: Secret",
                "metadata: {name: secure-tls}",
                "type: kubernetes.io/tls",
                "stringData:",
                "  tls.crt: |",
                indent(Files.readString(server.certificate().toPath())),
                "  tls.key: |",
                indent(Files.readString(server.privateKey().toPath())),
                "---",
                "apiVersion: v1",
                "kind: Secret",
                "metadata: {name: client-ca}",
                "stringData:",
                "  ca.crt: |",
                indent(Files.readString(client.certificate().toPath())),
                "");
    }

    private static String indent(String pem) {
        return "    " + pem.strip().replace("\n", "\n    ");
    }

    private static RawHttp.Response get(String path, String... headers) throws Exception {
        return RawHttp.exchange(
                local.port(),
                "GET " + path + " HTTP/1.1\r\nHost: " + API + "\r\n" + String.join("", headers)
                        + "Connection: close\r\n\r\n");
    }

    // Item 1: a domain with tls is served on the TLS listener only.

    @Test
    void plainListenerRequestToAMutualTlsDomainIsRefusedAndNeverReachesTheBackend() throws Exception {
        int before = backend.count();
        RawHttp.Response r = RawHttp.exchange(
                local.port(),
                "GET /whoami HTTP/1.1\r\nHost: " + DOMAIN + "\r\nx-client-dn: CN=admin\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(backend.count()).isEqualTo(before);
    }

    @Test
    void mutualTlsDomainAnswersOnlyWithAClientCertificateAndPassesItsVerifiedDn() throws Exception {
        // With TLS 1.3 the refusal shows as a failed handshake or a closed connection on the first request.
        assertThatThrownBy(() -> {
                    try (SSLSocket socket = TlsClient.connect(local.httpsPort(), DOMAIN, null, null);
                            RawHttp http = new RawHttp(socket)) {
                        RawHttp.Response r =
                                http.send("GET /whoami HTTP/1.1\r\nHost: " + DOMAIN + "\r\nConnection: close\r\n\r\n");
                        throw new IOException("answered without a certificate: " + (r.status() == 200));
                    }
                })
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("true"));
        try (SSLSocket socket = TlsClient.connect(local.httpsPort(), DOMAIN, null, TlsClient.keyManagers(client));
                RawHttp http = new RawHttp(socket)) {
            RawHttp.Response r = http.send("GET /whoami HTTP/1.1\r\nHost: " + DOMAIN
                    + "\r\nx-client-dn: CN=admin\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(backend.last().header("x-client-dn"))
                .containsExactly(client.cert().getSubjectX500Principal().getName());
    }

    @Test
    void compilerWarnsThatTheDefaultEndpointStaysOpenBesideTheMutualTlsDomain() throws Exception {
        Await.until("the mutual TLS warning is logged", () -> logs.texts().stream()
                .anyMatch(t -> t.contains("stays reachable without a client certificate")));
        // As AWS: the default endpoint still answers without a certificate until it is disabled.
        assertThat(get("/prod/cors").status()).isEqualTo(200);
    }

    // Item 2: a mapped header is the gateway's word.

    @Test
    void forgedIdentityHeadersWithAbsentSourcesNeverReachTheBackend() throws Exception {
        RawHttp.Response r = get("/prod/whoami", "x-client-dn: CN=admin\r\n", "x-role: admin\r\n");
        assertThat(r.status()).isEqualTo(200);
        RecordingBackend.Received got = backend.last();
        assertThat(got.path()).isEqualTo("/whoami");
        assertThat(got.header("x-client-dn")).isEmpty();
        assertThat(got.header("x-role")).isEmpty();
    }

    @Test
    void aMappedHeaderReplacesTheClientsValue() throws Exception {
        get("/prod/whoami", "x-role: admin\r\n", "x-source-role: reader\r\n");
        assertThat(backend.last().header("x-role")).containsExactly("reader");
    }

    // Item 4: the cache never answers one caller with another's response.

    @Test
    void oneCallerNeverReadsAnotherCallersCachedAnswer() throws Exception {
        RawHttp.Response a = get("/prod/keyed", "x-api-key: " + KEY_A + "\r\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("\"key\":\"" + KEY_A + "\"");
        int before = backend.count();
        RawHttp.Response b = get("/prod/keyed", "x-api-key: " + KEY_B + "\r\n");
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.body()).contains("\"key\":\"" + KEY_B + "\"").doesNotContain(KEY_A);
        assertThat(backend.count()).isEqualTo(before + 1);
        // Each caller's own answer is still cached.
        assertThat(get("/prod/keyed", "x-api-key: " + KEY_A + "\r\n").body()).isEqualTo(a.body());
        assertThat(backend.count()).isEqualTo(before + 1);
    }

    @Test
    void answersSettingACookieOrMarkedPrivateOrFailingAreNeverCached() throws Exception {
        for (String path : List.of("/prod/cookie", "/prod/private", "/prod/fail")) {
            int before = backend.count();
            RawHttp.Response first = get(path);
            RawHttp.Response second = get(path);
            assertThat(backend.count()).as(path).isEqualTo(before + 2);
            assertThat(second.body()).as(path).isNotEqualTo(first.body());
        }
        RawHttp.Response victim = get("/prod/cookie");
        assertThat(victim.header("Set-Cookie")).isEqualTo("session=s" + backend.count() + "; HttpOnly");
    }

    @Test
    void duplicateQueryValuesCannotPoisonAnotherRequestsEntry() throws Exception {
        get("/prod/search?a=evil&a=poison");
        int before = backend.count();
        RawHttp.Response victim = get("/prod/search?a=poison");
        assertThat(backend.count()).isEqualTo(before + 1);
        assertThat(victim.body()).contains("\"query\":\"a=poison\"").doesNotContain("evil");
        get("/prod/search?a=1&a=2");
        RawHttp.Response swapped = get("/prod/search?a=2&a=1");
        assertThat(swapped.body()).contains("\"query\":\"a=2&a=1\"");
        RawHttp.Response doubled = get("/prod/search?a=poison&a=poison");
        assertThat(doubled.body()).contains("\"query\":\"a=poison&a=poison\"");
        // The same request is a hit.
        int now = backend.count();
        assertThat(get("/prod/search?a=poison").body()).isEqualTo(victim.body());
        assertThat(backend.count()).isEqualTo(now);
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        RawHttp.Response first = get("/prod/ttl");
        int before = backend.count();
        // Until the second's TTL passes the answer is the cached one; then the backend answers again.
        RawHttp.Response later =
                Await.value(() -> get("/prod/ttl"), r -> !r.body().equals(first.body()));
        assertThat(later.body()).isNotEqualTo(first.body());
        assertThat(backend.count()).isGreaterThan(before);
    }

    @Test
    void theAdminEndpointFlushesTheWholeStage() throws Exception {
        RawHttp.Response cached = get("/prod/search?a=flush");
        int before = backend.count();
        assertThat(get("/prod/search?a=flush").body()).isEqualTo(cached.body());
        assertThat(backend.count()).isEqualTo(before);
        RawHttp.Response flushed = RawHttp.exchange(
                local.adminPort(),
                "POST /cache/flush?namespace=default&api=attacks&stage=prod HTTP/1.1\r\nHost: admin\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(flushed.status()).isEqualTo(200);
        assertThat(flushed.body()).startsWith("{\"flushed\":");
        assertThat(get("/prod/search?a=flush").body()).isNotEqualTo(cached.body());
        assertThat(backend.count()).isEqualTo(before + 1);
    }

    @Test
    void aNewStageFlushTokenFlushesTheStage() throws Exception {
        RawHttp.Response cached = get("/prod/search?a=token");
        assertThat(get("/prod/search?a=token").body()).isEqualTo(cached.body());
        Folders.write(folder, "stage.yaml", stage("flush-" + System.nanoTime()));
        RawHttp.Response fresh =
                Await.value(() -> get("/prod/search?a=token"), r -> !r.body().equals(cached.body()));
        assertThat(fresh.body()).isNotEqualTo(cached.body());
    }

    // Item 9: CORS and forwarding headers.

    @Test
    void aBackendsCorsHeadersNeverReachAForeignOrigin() throws Exception {
        int before = backend.count();
        RawHttp.Response evil = get("/prod/cors", "Origin: https://evil.example\r\n");
        assertThat(backend.count()).isEqualTo(before + 1);
        assertThat(evil.status()).isEqualTo(200);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        assertThat(evil.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(evil.header("Access-Control-Allow-Headers")).isNull();
        RawHttp.Response good = get("/prod/cors", "Origin: https://good.example\r\n");
        assertThat(good.header("Access-Control-Allow-Origin")).isEqualTo("https://good.example");
        // The API does not allow credentials: the backend's claim that it does is dropped.
        assertThat(good.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void forgedForwardingHeadersFromAnUntrustedPeerNeverReachTheBackend() throws Exception {
        get(
                "/prod/whoami",
                "X-Forwarded-For: 6.6.6.6\r\n",
                "Forwarded: for=6.6.6.6\r\n",
                "X-Real-IP: 6.6.6.6\r\n",
                "X-Original-URL: /admin\r\n");
        RecordingBackend.Received got = backend.last();
        assertThat(got.header("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(got.header("forwarded")).isEmpty();
        assertThat(got.header("x-real-ip")).isEmpty();
        assertThat(got.header("x-original-url")).isEmpty();
    }

    @Test
    void aTrustedProxysForwardingHeadersArePassedOn() throws Exception {
        try (LocalGateway trusting = LocalGateway.on(folder)
                .flags("--trusted-proxies", "127.0.0.1/32")
                .start()) {
            RawHttp.exchange(
                    trusting.port(),
                    "GET /prod/whoami HTTP/1.1\r\nHost: " + API + "\r\nX-Forwarded-For: 203.0.113.9\r\n"
                            + "X-Real-IP: 203.0.113.9\r\nX-Original-URL: /admin\r\nConnection: close\r\n\r\n");
            RecordingBackend.Received got = backend.last();
            assertThat(got.header("x-forwarded-for")).containsExactly("203.0.113.9, 127.0.0.1");
            assertThat(got.header("x-real-ip")).containsExactly("203.0.113.9");
            assertThat(got.header("x-original-url")).isEmpty();
        }
    }
}
