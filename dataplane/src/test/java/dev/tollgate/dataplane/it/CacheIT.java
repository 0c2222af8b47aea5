package dev.tollgate.dataplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.ApiRef;
import dev.tollgate.dataplane.testing.CompiledYaml;
import dev.tollgate.dataplane.testing.GatewayExtension;
import dev.tollgate.dataplane.testing.LimitsYaml;
import dev.tollgate.dataplane.testing.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stage cache in front of the echo backend: each request carries {@code x-n}, which the echo
 * body shows, so a cached answer shows an earlier request's {@code x-n}.
 */
class CacheIT {
    @RegisterExtension
    final GatewayExtension gateway = new GatewayExtension().options(o -> o.withDefaultApi(ApiRef.parse("shop")));

    private void serve(String openCaching) {
        gateway.serve(CompiledYaml.compile(LimitsYaml.api(
                gateway.echoPort(),
                """
                  cache: {enabled: true, size: "0.5", ttlInSeconds: 300}
                  methodSettings:
                    - resourcePath: /items
                      httpMethod: GET
                      metricsEnabled: true
                    - resourcePath: /open
                      httpMethod: GET
                      caching:
                %s
                """
                        .formatted(openCaching),
                "",
                LimitsYaml.ALICE,
                "")));
    }

    private RawHttp.Response get(String path, int n, String key, String cacheControl) throws IOException {
        return gateway.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nx-n: " + n + "\r\n"
                + (key == null ? "" : "x-api-key: " + key + "\r\n")
                + (cacheControl == null ? "" : "Cache-Control: " + cacheControl + "\r\n")
                + "Connection: close\r\n\r\n");
    }

    private static String n(RawHttp.Response r) {
        int i = r.body().indexOf("\"x-n\":[\"");
        return i < 0 ? null : r.body().substring(i + 8, r.body().indexOf('"', i + 8));
    }

    @Test
    void aGetIsAnsweredFromTheCacheUntilAKeyParameterDiffers() throws IOException {
        serve("        enabled: true");
        assertThat(n(get("/prod/items?type=a", 1, LimitsYaml.ALICE, null))).isEqualTo("1");
        RawHttp.Response hit = get("/prod/items?type=a", 2, LimitsYaml.ALICE, null);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(n(hit)).as("served from the cache").isEqualTo("1");
        assertThat(hit.header("x-amzn-RequestId")).isNotNull();
        assertThat(n(get("/prod/items?type=b", 3, LimitsYaml.ALICE, null)))
                .as("other key")
                .isEqualTo("3");
        // A query parameter outside the key shares the entry.
        assertThat(n(get("/prod/items?type=a&page=2", 4, LimitsYaml.ALICE, null)))
                .isEqualTo("1");
        String metrics = gateway.gateway().metrics().scrape();
        assertThat(metrics)
                .contains("tollgate_cache_hits_total{api=\"shop\",method=\"GET\",namespace=\"default\","
                        + "resource=\"/items\",stage=\"prod\"} 2.0")
                .contains("tollgate_cache_misses_total{api=\"shop\",method=\"GET\",namespace=\"default\","
                        + "resource=\"/items\",stage=\"prod\"} 2.0");
    }

    @Test
    void theCacheNeverServesAnotherCallerPastTheKeyCheck() throws IOException {
        serve("        enabled: true");
        assertThat(n(get("/prod/items?type=a", 1, LimitsYaml.ALICE, null))).isEqualTo("1");
        assertThat(get("/prod/items?type=a", 2, null, null).status()).isEqualTo(403);
    }

    @Test
    void anAuthorizedMaxAgeZeroReplacesTheEntry() throws IOException {
        serve("        enabled: true");
        assertThat(n(get("/prod/items?type=a", 1, LimitsYaml.ALICE, null))).isEqualTo("1");
        assertThat(n(get("/prod/items?type=a", 2, LimitsYaml.ALICE, "max-age=0")))
                .isEqualTo("2");
        assertThat(n(get("/prod/items?type=a", 3, LimitsYaml.ALICE, null))).isEqualTo("2");
    }

    @Test
    void unauthorizedInvalidationFailsWith403WhenConfiguredSo() throws IOException {
        serve("        unauthorizedCacheControlHeaderStrategy: FAIL_WITH_403");
        assertThat(n(get("/prod/open", 1, null, null))).isEqualTo("1");
        RawHttp.Response refused = get("/prod/open", 2, null, "max-age=0");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(n(get("/prod/open", 3, null, null))).isEqualTo("1");
    }

    @Test
    void unauthorizedInvalidationIsIgnoredWithAWarningHeaderByDefault() throws IOException {
        serve("        enabled: true");
        assertThat(n(get("/prod/open", 1, null, null))).isEqualTo("1");
        RawHttp.Response ignored = get("/prod/open", 2, null, "max-age=0");
        assertThat(n(ignored)).isEqualTo("1");
        assertThat(ignored.header("Warning")).startsWith("199");
    }

    @Test
    void unauthorizedInvalidationIsIgnoredSilentlyWhenConfiguredSo() throws IOException {
        serve("        unauthorizedCacheControlHeaderStrategy: SUCCEED_WITHOUT_RESPONSE_HEADER");
        assertThat(n(get("/prod/open", 1, null, null))).isEqualTo("1");
        RawHttp.Response ignored = get("/prod/open", 2, null, "max-age=0");
        assertThat(n(ignored)).isEqualTo("1");
        assertThat(ignored.header("Warning")).isNull();
    }

    @Test
    void withoutRequiredAuthorizationAnyCallerInvalidates() throws IOException {
        serve("        requireAuthorizationForCacheControl: false");
        assertThat(n(get("/prod/open", 1, null, null))).isEqualTo("1");
        assertThat(n(get("/prod/open", 2, null, "no-cache, max-age=0"))).isEqualTo("2");
    }

    @Test
    void methodsWithCachingOffAndNonGetMethodsAreNotCached() throws IOException {
        serve("        enabled: false");
        assertThat(n(get("/prod/open", 1, null, null))).isEqualTo("1");
        assertThat(n(get("/prod/open", 2, null, null))).isEqualTo("2");
        String post = "POST /prod/items HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + LimitsYaml.ALICE
                + "\r\nx-n: %d\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        assertThat(n(gateway.raw(post.formatted(3)))).isEqualTo("3");
        assertThat(n(gateway.raw(post.formatted(4)))).isEqualTo("4");
    }

    @Test
    void gatewayErrorsAreNotCached() throws IOException {
        // Port 1 refuses connections: the gateway answers 502 itself.
        gateway.serve(CompiledYaml.compile(
                LimitsYaml.api(gateway.echoPort(), "  cache: {enabled: true}", "", LimitsYaml.ALICE, "")
                        .replace("url: http://127.0.0.1:" + gateway.echoPort() + "/", "url: http://127.0.0.1:1/")));
        assertThat(get("/prod/open", 1, null, null).status()).isEqualTo(502);
        gateway.serve(CompiledYaml.compile(
                LimitsYaml.api(gateway.echoPort(), "  cache: {enabled: true}", "", LimitsYaml.ALICE, "")));
        assertThat(n(get("/prod/open", 2, null, null))).isEqualTo("2");
    }
}
