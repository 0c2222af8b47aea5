package dev.tollgate.dataplane.steps.integration;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static dev.tollgate.dataplane.testing.TestConfigs.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.runtime.HostPort;
import dev.tollgate.dataplane.template.TemplateEngine;
import dev.tollgate.dataplane.testing.Exchanges;
import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ProtocolType;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendRequestMappingTest {
    private static final String HOST = "api.default.execute-api.localhost";

    private static HttpIntegrationConfig http(boolean proxy, String template, List<ParameterMapping> params) {
        return new HttpIntegrationConfig(
                "backend",
                proxy,
                "ANY",
                url(80),
                template,
                1000,
                params,
                null,
                PassthroughBehavior.WHEN_NO_MATCH,
                List.of());
    }

    private static String uri(HttpIntegrationConfig integration, String resource, String requestUri) throws Exception {
        return uri(rest("api", stage("prod", route("ANY", resource, integration))), integration, requestUri);
    }

    /** As {@link #uri(HttpIntegrationConfig, String, String)} on an API that lets {proxy+} hold %2F. */
    private static String uriAllowingEncodedSlash(HttpIntegrationConfig integration, String resource, String requestUri)
            throws Exception {
        ApiConfig api = new ApiConfig(
                "api",
                ProtocolType.REST,
                true,
                List.of(stage("prod", route("ANY", resource, integration))),
                List.of(),
                null,
                null,
                true,
                null);
        return uri(api, integration, requestUri);
    }

    private static String uri(ApiConfig api, HttpIntegrationConfig integration, String requestUri) throws Exception {
        var routed = Exchanges.route(List.of(config(api)), "GET", HOST, requestUri);
        assertThat(routed.reachedIntegration()).isTrue();
        return new HttpIntegrationStep(
                        integration, new HostPort("127.0.0.1", 80), null, TemplateEngine.defaults(), "test", null)
                .uri(routed.exchange());
    }

    @Test
    void pathTemplateParsesPlaceholdersWithAndWithoutPlus() {
        assertThat(PathTemplate.parse("/v1/{proxy+}/x/{id}").placeholders()).containsExactly("proxy", "id");
    }

    @Test
    void pathWithoutPlaceholdersIsFixedAndFillsToItselfAsGiven() {
        PathTemplate fixed = PathTemplate.parse("/v1/hello world");
        assertThat(fixed.fixed()).isEqualTo("/v1/hello world");
        assertThat(fixed.fill(n -> PathTemplate.Value.single("unused"))).isEqualTo("/v1/hello world");
        assertThat(PathTemplate.parse("").fixed()).isEmpty();
        assertThat(PathTemplate.parse("/a/{x}").fixed()).isNull();
    }

    @Test
    void pathValueIsEncodedAsOneSegment() {
        assertThat(PathTemplate.parse("/a/{x}").fill(n -> PathTemplate.Value.single("b/../c d")))
                .isEqualTo("/a/b%2F..%2Fc%20d");
    }

    @Test
    void greedyValueIsEncodedSegmentBySegment() throws Exception {
        HttpIntegrationConfig proxy = http(
                true,
                "/v1/{proxy}",
                List.of(new ParameterMapping(
                        ParameterMapping.Target.PATH,
                        "proxy",
                        new ParameterSource.Request(ParameterSource.Location.PATH, "proxy"))));
        assertThat(uriAllowingEncodedSlash(proxy, "/legacy/{proxy+}", "/prod/legacy/a%2Fb/c%20d?x=1&x=2"))
                .isEqualTo("/v1/a%2Fb/c%20d?x=1&x=2");
        assertThat(uri(proxy, "/legacy/{proxy+}", "/prod/legacy/a/c%20d;x/e%5Cf"))
                .isEqualTo("/v1/a/c%20d%3Bx/e%5Cf");
    }

    @Test
    void encodedDotSegmentsNeverClimbOutOfTheTemplate() throws Exception {
        HttpIntegrationConfig proxy = http(true, "/base/{proxy}", List.of());
        assertThat(uri(proxy, "/{proxy+}", "/prod/pets/%2e%2e/admin")).isEqualTo("/base/admin");
        assertThat(uriAllowingEncodedSlash(proxy, "/{proxy+}", "/prod/a/%2E%2E%2Fadmin"))
                .isEqualTo("/base/a/..%2Fadmin");
    }

    @Test
    void unmappedPlaceholderFallsBackToThePathParameterOfThatName() throws Exception {
        HttpIntegrationConfig h = http(false, "/pets/{petId}/info", List.of());
        assertThat(uri(h, "/pets/{petId}", "/prod/pets/7?ignored=1")).isEqualTo("/pets/7/info");
    }

    @Test
    void nonProxyQueryHasOnlyMappedValues() throws Exception {
        HttpIntegrationConfig h = http(
                false,
                "/inventory",
                List.of(
                        new ParameterMapping(
                                ParameterMapping.Target.QUERYSTRING, "format", new ParameterSource.Literal("json")),
                        new ParameterMapping(
                                ParameterMapping.Target.QUERYSTRING,
                                "filter",
                                new ParameterSource.Request(ParameterSource.Location.QUERYSTRING, "status")),
                        new ParameterMapping(
                                ParameterMapping.Target.QUERYSTRING,
                                "all",
                                new ParameterSource.Request(ParameterSource.Location.MULTIVALUEQUERYSTRING, "t")),
                        new ParameterMapping(
                                ParameterMapping.Target.QUERYSTRING,
                                "rid",
                                new ParameterSource.Context(ContextVariable.REQUEST_ID))));
        assertThat(uri(h, "/inventory", "/prod/inventory?status=a+b&status=sold&t=1&t=2&other=x"))
                .isEqualTo("/inventory?format=json&filter=sold&all=1&all=2&rid=req-1");
    }

    @Test
    void absentSourcesMapToNothing() throws Exception {
        HttpIntegrationConfig h = http(
                false,
                "/x",
                List.of(new ParameterMapping(
                        ParameterMapping.Target.QUERYSTRING,
                        "f",
                        new ParameterSource.Request(ParameterSource.Location.QUERYSTRING, "missing"))));
        assertThat(uri(h, "/x", "/prod/x")).isEqualTo("/x");
    }

    @Test
    void integrationResponsesSelectByWholeStatusThenDefault() {
        var responses = new IntegrationResponses(
                List.of(
                        new IntegrationResponseConfig("2\\d{2}", 200, List.of(), null),
                        new IntegrationResponseConfig("4\\d{2}", 400, List.of(), null),
                        new IntegrationResponseConfig(null, 502, List.of(), null)),
                TemplateEngine.defaults(),
                "test");
        assertThat(responses.select(201).config().statusCode()).isEqualTo(200);
        assertThat(responses.select(404).config().statusCode()).isEqualTo(400);
        assertThat(responses.select(500).config().statusCode()).isEqualTo(502);
        // AWS matches the whole status: "4" does not select 404.
        assertThat(new IntegrationResponses(
                                List.of(new IntegrationResponseConfig("4", 400, List.of(), null)),
                                TemplateEngine.defaults(),
                                "test")
                        .select(404))
                .isNull();
    }
}
