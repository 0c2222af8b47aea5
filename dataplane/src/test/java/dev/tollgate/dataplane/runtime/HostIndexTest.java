package dev.tollgate.dataplane.runtime;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.domain;
import static dev.tollgate.dataplane.testing.TestConfigs.mapping;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.http.CanonicalPath;
import dev.tollgate.dataplane.metrics.GatewayMetrics;
import dev.tollgate.ir.GatewayConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostIndexTest {
    private static final GatewayConfig SHOP = config(
            "shop",
            List.of(
                    rest("petstore", stage("prod", route("GET", "/pets", mock("{}"))), stage("beta")),
                    rest("orders", stage("v2"))),
            List.of(domain(
                    "api.example.com",
                    mapping("v1", "petstore", "prod"),
                    mapping("v1/orders", "orders", "v2"),
                    mapping("", "petstore", "beta"))));

    private static HostIndex index(ApiRef defaultApi) {
        RuntimeServices services = new RuntimeServices(
                ServiceResolver.clusterDns(),
                new GatewayMetrics(),
                new StepOrder().with(StepOrder.Slot.INTEGRATION, ctx -> ex -> {}));
        return Runtime.build(List.of(SHOP), services, defaultApi).hosts();
    }

    private static HostIndex.Target resolve(HostIndex index, String host, String path) throws Exception {
        return index.resolve(host, CanonicalPath.parse(path));
    }

    @Test
    void defaultEndpointTakesStageFromFirstSegment() throws Exception {
        HostIndex.Target t = resolve(index(null), "petstore.shop.execute-api.localhost", "/prod/pets/1");
        assertThat(t.api().config().name()).isEqualTo("petstore");
        assertThat(t.stageName()).isEqualTo("prod");
        assertThat(t.resourcePath().segments()).containsExactly("pets", "1");
        assertThat(t.viaDefaultEndpoint()).isTrue();
    }

    @Test
    void hostMatchIgnoresCasePortAndTrailingDot() throws Exception {
        assertThat(resolve(index(null), "PETSTORE.Shop.execute-api.localhost.:8080", "/prod"))
                .isNotNull();
    }

    @Test
    void domainUsesLongestBasePathSegmentWise() throws Exception {
        HostIndex index = index(null);
        HostIndex.Target orders = resolve(index, "api.example.com", "/v1/orders/7");
        assertThat(orders.api().config().name()).isEqualTo("orders");
        assertThat(orders.stageName()).isEqualTo("v2");
        assertThat(orders.resourcePath().segments()).containsExactly("7");
        HostIndex.Target pets = resolve(index, "api.example.com", "/v1/pets");
        assertThat(pets.stageName()).isEqualTo("prod");
        assertThat(pets.resourcePath().segments()).containsExactly("pets");
        // "v1orders" is not under "v1": base paths compare whole segments.
        HostIndex.Target root = resolve(index, "api.example.com", "/v1orders");
        assertThat(root.stageName()).isEqualTo("beta");
        assertThat(root.resourcePath().segments()).containsExactly("v1orders");
        assertThat(root.viaDefaultEndpoint()).isFalse();
    }

    @Test
    void unknownHostWithoutDefaultApiMatchesNothing() throws Exception {
        assertThat(resolve(index(null), "other.example", "/prod/pets")).isNull();
    }

    @Test
    void defaultApiTakesUnknownHosts() throws Exception {
        HostIndex.Target t = resolve(index(new ApiRef("petstore", "shop")), "localhost:8080", "/prod/pets");
        assertThat(t.api().config().name()).isEqualTo("petstore");
        assertThat(t.stageName()).isEqualTo("prod");
    }

    @Test
    void defaultApiDoesNotOverrideDomains() throws Exception {
        HostIndex.Target t = resolve(index(new ApiRef("petstore", "shop")), "api.example.com", "/v1/orders");
        assertThat(t.api().config().name()).isEqualTo("orders");
    }

    @Test
    void apiRefParsesNameAndOptionalNamespace() {
        assertThat(ApiRef.parse("petstore")).isEqualTo(new ApiRef("petstore", "default"));
        assertThat(ApiRef.parse("petstore.shop")).isEqualTo(new ApiRef("petstore", "shop"));
    }
}
