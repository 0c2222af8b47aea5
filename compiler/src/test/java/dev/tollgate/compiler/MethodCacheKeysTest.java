package dev.tollgate.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.compiler.testing.TestInputs;
import dev.tollgate.ir.CacheKeyParameter;
import dev.tollgate.ir.ParameterSource;
import dev.tollgate.ir.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cached method is keyed by its own cache key parameters, else by its Integration's, as in AWS. */
class MethodCacheKeysTest {
    private static final String STAGE_AND_INTEGRATION = String.join(
            "\n",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Integration",
            "metadata: {name: mock}",
            "spec:",
            "  type: MOCK",
            "  cacheKeyParameters: [method.request.header.X-Tenant]",
            "---",
            "apiVersion: apigateway.tollgate.dev/v1alpha1",
            "kind: Stage",
            "metadata: {name: prod}",
            "spec:",
            "  restApiRef: shop",
            "  cache: {enabled: true}",
            "");

    private static CompileResult compile(String resources) {
        String api = String.join(
                "\n",
                "apiVersion: apigateway.tollgate.dev/v1alpha1",
                "kind: RestApi",
                "metadata: {name: shop}",
                "spec:",
                "  resources:",
                resources);
        return new Compiler().compile(TestInputs.snapshot(api + "\n" + STAGE_AND_INTEGRATION, "default"));
    }

    private static List<CacheKeyParameter> keys(CompileResult result, String path) {
        RouteConfig route = result.config().apis().get(0).stages().get(0).routes().stream()
                .filter(r -> r.resourcePath().equals(path))
                .findFirst()
                .orElseThrow();
        return route.cache().keyParameters();
    }

    @Test
    void aMethodIsKeyedByItsOwnParametersElseByItsIntegrations() {
        CompileResult result = compile(String.join(
                "\n",
                "    - path: /own",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock",
                "            cacheKeyParameters: [method.request.querystring.type, method.request.header.Accept]",
                "    - path: /inherited",
                "      methods:",
                "        - httpMethod: GET",
                "          integration: {integrationRef: mock}"));
        assertThat(result.hasErrors()).isFalse();
        assertThat(keys(result, "/own"))
                .containsExactly(
                        new CacheKeyParameter(ParameterSource.Location.QUERYSTRING, "type"),
                        new CacheKeyParameter(ParameterSource.Location.HEADER, "accept"));
        assertThat(keys(result, "/inherited"))
                .containsExactly(new CacheKeyParameter(ParameterSource.Location.HEADER, "x-tenant"));
    }

    @Test
    void aRefusedDuplicateResourceLendsNoCacheKeysToTheMethodServed() {
        CompileResult result = compile(String.join(
                "\n",
                "    - path: /items",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock",
                "            cacheKeyParameters: [method.request.querystring.type]",
                "    - path: /items",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock",
                "            cacheKeyParameters: [method.request.querystring.other]"));
        assertThat(result.findings())
                .filteredOn(Finding::isError)
                .singleElement()
                .satisfies(f -> assertThat(f.field()).isEqualTo("spec.resources[1].path"));
        assertThat(keys(result, "/items"))
                .containsExactly(new CacheKeyParameter(ParameterSource.Location.QUERYSTRING, "type"));
    }

    @Test
    void anEmptyCacheKeyEntryIsSkippedNotACrash() {
        CompileResult result = compile(String.join(
                "\n",
                "    - path: /items",
                "      methods:",
                "        - httpMethod: GET",
                "          integration:",
                "            integrationRef: mock",
                "            cacheKeyParameters: [~, method.request.querystring.type]"));
        assertThat(result.hasErrors()).isFalse();
        assertThat(keys(result, "/items"))
                .containsExactly(new CacheKeyParameter(ParameterSource.Location.QUERYSTRING, "type"));
    }
}
