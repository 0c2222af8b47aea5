package dev.tollgate.dataplane.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.ir.ServiceUpstreamConfig;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which endpoints of a Service's EndpointSlices take invocations, and how replicas split them. */
class EndpointSliceWatchTest {
    static final ServiceUpstreamConfig NAMED = new ServiceUpstreamConfig("http", "team", "fn", 8080, "invoke");
    static final ServiceUpstreamConfig UNNAMED = new ServiceUpstreamConfig("http", "team", "fn", 8080);

    static EndpointSliceBuilder slice(String portName, int port) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("fn-" + port)
                .endMetadata()
                .withAddressType("IPv4")
                .withPorts(new EndpointPortBuilder()
                        .withName(portName)
                        .withPort(port)
                        .build());
    }

    static EndpointBuilder endpoint(String ip, Boolean ready) {
        EndpointBuilder e = new EndpointBuilder().withAddresses(ip);
        return ready == null ? e : e.withNewConditions().withReady(ready).endConditions();
    }

    static UpstreamAddress at(String ip, int port) {
        return UpstreamAddress.http(ip, port);
    }

    @Test
    void readyEndpointsOfTheNamedPortInAddressOrderEachOnce() {
        EndpointSlice first = slice("invoke", 9000)
                .withEndpoints(
                        endpoint("10.0.0.3", true).build(),
                        endpoint("10.0.0.1", false).build(),
                        // Kubernetes: an unknown ready condition counts as ready.
                        endpoint("10.0.0.2", null).build())
                .build();
        EndpointSlice other = slice("metrics", 9100)
                .withEndpoints(endpoint("10.0.0.4", true).build())
                .build();
        // The same endpoint in two slices (while the controller moves it) counts once.
        EndpointSlice moving = slice("invoke", 9000)
                .withEndpoints(endpoint("10.0.0.3", true).build())
                .build();
        assertThat(EndpointSliceWatch.ready(List.of(first, other, moving), NAMED))
                .containsExactly(at("10.0.0.2", 9000), at("10.0.0.3", 9000));
    }

    @Test
    void eachSliceGivesItsOwnPortNumber() {
        EndpointSlice a = slice("invoke", 9001)
                .withEndpoints(endpoint("10.0.0.1", true).build())
                .build();
        EndpointSlice b = slice("invoke", 9002)
                .withEndpoints(endpoint("10.0.0.1", true).build())
                .build();
        assertThat(EndpointSliceWatch.ready(List.of(b, a), NAMED))
                .containsExactly(at("10.0.0.1", 9001), at("10.0.0.1", 9002));
    }

    @Test
    void anUnnamedServicePortMatchesTheSlicesUnnamedOrOnlyPort() {
        EndpointSlice unnamed = slice("", 9000)
                .withEndpoints(endpoint("10.0.0.1", true).build())
                .build();
        EndpointSlice only = slice("http", 9001)
                .withEndpoints(endpoint("10.0.0.2", true).build())
                .build();
        EndpointSlice twoNamed = slice("http", 9002)
                .addToPorts(new EndpointPortBuilder()
                        .withName("admin")
                        .withPort(9003)
                        .build())
                .withEndpoints(endpoint("10.0.0.3", true).build())
                .build();
        assertThat(EndpointSliceWatch.ready(List.of(unnamed, only, twoNamed), UNNAMED))
                .containsExactly(at("10.0.0.1", 9000), at("10.0.0.2", 9001));
    }

    @Test
    void noSlicesOrNoReadyEndpointIsNoEndpoint() {
        EndpointSlice unready = slice("invoke", 9000)
                .withEndpoints(endpoint("10.0.0.1", false).build())
                .build();
        assertThat(EndpointSliceWatch.ready(List.of(), NAMED)).isEmpty();
        assertThat(EndpointSliceWatch.ready(List.of(unready), NAMED)).isEmpty();
    }

    @Test
    void replicasSplitTheEndpointsWithoutOverlap() {
        List<UpstreamAddress> five =
                List.of(at("10.0.0.1", 1), at("10.0.0.2", 1), at("10.0.0.3", 1), at("10.0.0.4", 1), at("10.0.0.5", 1));
        EndpointSliceWatch.Share first = EndpointSliceWatch.Share.of(List.of("gw-b", "gw-a"), "gw-a");
        EndpointSliceWatch.Share second = EndpointSliceWatch.Share.of(List.of("gw-b", "gw-a"), "gw-b");
        assertThat(first).isEqualTo(new EndpointSliceWatch.Share(0, 2));
        assertThat(first.of(five)).containsExactly(five.get(0), five.get(2), five.get(4));
        assertThat(second.of(five)).containsExactly(five.get(1), five.get(3));
    }

    @Test
    void withFewerEndpointsThanReplicasEachReplicaUsesOne() {
        List<UpstreamAddress> two = List.of(at("10.0.0.1", 1), at("10.0.0.2", 1));
        List<String> pods = List.of("gw-a", "gw-b", "gw-c");
        assertThat(EndpointSliceWatch.Share.of(pods, "gw-c").of(two)).containsExactly(two.get(0));
        assertThat(EndpointSliceWatch.Share.of(pods, "gw-b").of(two)).containsExactly(two.get(1));
    }

    @Test
    void aReplicaNotYetAmongTheReadyOnesTakesTheNextPlace() {
        assertThat(EndpointSliceWatch.Share.of(List.of("gw-a", "gw-b"), "gw-new"))
                .isEqualTo(new EndpointSliceWatch.Share(2, 3));
        assertThat(EndpointSliceWatch.Share.of(List.of(), "gw-a")).isEqualTo(EndpointSliceWatch.Share.ALONE);
    }
}
