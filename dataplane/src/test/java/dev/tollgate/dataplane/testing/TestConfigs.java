package dev.tollgate.dataplane.testing;

import dev.tollgate.ir.ApiConfig;
import dev.tollgate.ir.AuthorizerConfig;
import dev.tollgate.ir.BasePathMappingConfig;
import dev.tollgate.ir.DomainConfig;
import dev.tollgate.ir.GatewayConfig;
import dev.tollgate.ir.HttpIntegrationConfig;
import dev.tollgate.ir.IntegrationConfig;
import dev.tollgate.ir.IntegrationResponseConfig;
import dev.tollgate.ir.MockIntegrationConfig;
import dev.tollgate.ir.ParameterMapping;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.PassthroughBehavior;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.RouteConfig;
import dev.tollgate.ir.StageConfig;
import dev.tollgate.ir.UpstreamConfig;
import dev.tollgate.ir.UrlUpstreamConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builders of IR records for tests. */
public final class TestConfigs {
    private TestConfigs() {}

    public static GatewayConfig config(String namespace, List<ApiConfig> apis, List<DomainConfig> domains) {
        return new GatewayConfig(GatewayConfig.SCHEMA_VERSION, "test-" + namespace, namespace, null, apis, domains);
    }

    public static GatewayConfig config(ApiConfig... apis) {
        return config("default", List.of(apis), List.of());
    }

    public static ApiConfig rest(String name, StageConfig... stages) {
        return new ApiConfig(name, ProtocolType.REST, true, List.of(stages));
    }

    public static ApiConfig httpApi(String name, StageConfig... stages) {
        return new ApiConfig(name, ProtocolType.HTTP, true, List.of(stages));
    }

    public static StageConfig stage(String name, RouteConfig... routes) {
        return new StageConfig(name, new TreeMap<>(), null, List.of(routes), null);
    }

    public static RouteConfig route(String method, String path, IntegrationConfig integration) {
        return new RouteConfig(method, path, false, integration);
    }

    /** A route behind an authorizer (with the scopes it needs), answered by a MOCK with the JSON body. */
    public static RouteConfig authorized(
            String method, String path, String json, AuthorizerConfig authorizer, String... scopes) {
        return new RouteConfig(
                method, path, false, mock(json), new RouteAuthorizationConfig(authorizer, List.of(scopes)));
    }

    /** A MOCK answering 200 with the JSON body. */
    public static MockIntegrationConfig mock(String json) {
        return new MockIntegrationConfig(
                200,
                List.of(new IntegrationResponseConfig(
                        null, 200, List.of(), new TreeMap<>(Map.of("application/json", json)))));
    }

    public static UrlUpstreamConfig url(int port) {
        return new UrlUpstreamConfig("http", "127.0.0.1", port);
    }

    public static HttpIntegrationConfig proxy(
            UpstreamConfig upstream, String pathTemplate, List<ParameterMapping> params) {
        return new HttpIntegrationConfig(
                "proxy",
                true,
                "ANY",
                upstream,
                pathTemplate,
                5000,
                params,
                null,
                PassthroughBehavior.WHEN_NO_MATCH,
                List.of());
    }

    public static HttpIntegrationConfig proxy(UpstreamConfig upstream, String pathTemplate, int timeoutMillis) {
        return new HttpIntegrationConfig(
                "proxy",
                true,
                "ANY",
                upstream,
                pathTemplate,
                timeoutMillis,
                List.of(),
                null,
                PassthroughBehavior.WHEN_NO_MATCH,
                List.of());
    }

    /**
     * {@code GET /whoami} behind {@code auth}, proxied to the echo backend with the authorizer's
     * answer as headers: {@code x-user} from its value {@code userKey}, {@code x-principal} from the
     * principal id (the echo shows both).
     */
    public static RouteConfig whoami(int echoPort, RouteAuthorizationConfig auth, String userKey) {
        return new RouteConfig(
                "GET",
                "/whoami",
                false,
                proxy(
                        url(echoPort),
                        "/whoami",
                        List.of(
                                new ParameterMapping(
                                        ParameterMapping.Target.HEADER,
                                        "x-user",
                                        new ParameterSource.AuthorizerValue(userKey)),
                                new ParameterMapping(
                                        ParameterMapping.Target.HEADER,
                                        "x-principal",
                                        new ParameterSource.AuthorizerValue("principalId")))),
                auth);
    }

    public static DomainConfig domain(String host, BasePathMappingConfig... mappings) {
        return new DomainConfig(host, List.of(mappings));
    }

    public static BasePathMappingConfig mapping(String basePath, String api, String stage) {
        return new BasePathMappingConfig(basePath, api, stage);
    }
}
