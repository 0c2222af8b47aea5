package dev.tollgate.dataplane.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.ir.ServiceUpstreamConfig;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-function concurrency bound: permits, the queue, the wait's end, an explicit bound, and a
 * bound that follows the Service's ready endpoints as they come and go.
 */
class FunctionGatesTest {
    static final String PATH = "/2015-03-31/functions/fn/invocations";
    static final ServiceUpstreamConfig SERVICE = new ServiceUpstreamConfig("http", "team", "fn", 8080, "invoke");
    static final UpstreamAddress AT_SERVICE = UpstreamAddress.http("fn.team.svc.cluster.local", 8080);
    static final UpstreamAddress A = UpstreamAddress.http("10.0.0.1", 8080);
    static final UpstreamAddress B = UpstreamAddress.http("10.0.0.2", 8080);
    static final UpstreamAddress C = UpstreamAddress.http("10.0.0.3", 8080);

    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Gates of a pod: endpoints are followed (the source records what it was asked to follow). */
    static FunctionGates inAPod(List<ServiceUpstreamConfig> followed) {
        FunctionGates gates = new FunctionGates();
        gates.endpointSource(followed::add);
        return gates;
    }

    static FunctionPermit granted(Future<FunctionPermit> f) throws InterruptedException {
        assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.isSuccess()).as("permit granted").isTrue();
        return f.getNow();
    }

    @Test
    void aWaitingCallGetsThePermitTheHolderReleases() throws Exception {
        FunctionGate gate = new FunctionGates().gate(null, AT_SERVICE, PATH, 1);
        FunctionPermit first = granted(gate.acquire(loop, 10_000));
        Future<FunctionPermit> second = gate.acquire(loop, 10_000);
        assertThat(second.isDone()).isFalse();
        first.release();
        first.release();
        assertThat(granted(second).address()).isEqualTo(AT_SERVICE);
        assertThat(gate.running()).isEqualTo(1);
        second.getNow().release();
        assertThat(gate.running()).isZero();
    }

    @Test
    void aCallThatWaitsPastItsBoundIsThrottledAndLeavesThePermitCountAlone() throws Exception {
        FunctionGate gate = new FunctionGates().gate(null, AT_SERVICE, PATH, 1);
        FunctionPermit held = granted(gate.acquire(loop, 10_000));
        Future<FunctionPermit> late = gate.acquire(loop, 50);
        assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(late.cause()).isInstanceOf(FunctionGate.Throttled.class);
        assertThat(gate.waiting()).isZero();
        held.release();
        assertThat(gate.running()).isZero();
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        FunctionGate gate = new FunctionGates().gate(null, AT_SERVICE, PATH, 1);
        gate.acquire(loop, 10_000);
        for (int i = 0; i < FunctionGate.QUEUE_PER_PERMIT; i++) {
            assertThat(gate.acquire(loop, 10_000).isDone()).isFalse();
        }
        Future<FunctionPermit> refused = gate.acquire(loop, 10_000);
        assertThat(refused.isDone()).isTrue();
        assertThat(refused.cause()).isInstanceOf(FunctionGate.Throttled.class);
    }

    @Test
    void theSameFunctionSharesOneGateWithTheNewestBound() throws Exception {
        FunctionGates gates = new FunctionGates();
        FunctionGate a = gates.gate(SERVICE, AT_SERVICE, PATH, 1);
        granted(a.acquire(loop, 10_000));
        FunctionGate b = gates.gate(SERVICE, AT_SERVICE, PATH, 2);
        assertThat(b).isSameAs(a);
        assertThat(b.acquire(loop, 10_000).isSuccess()).isTrue();
        assertThat(gates.states())
                .containsEntry(AT_SERVICE + PATH, new GateState(2, 2, 0, List.of(AT_SERVICE.toString())));
    }

    @Test
    void withoutEndpointsKnownAnUnsetBoundIsOneAtATimeThroughTheService() throws Exception {
        FunctionGate gate = new FunctionGates().gate(SERVICE, AT_SERVICE, PATH, 0);
        assertThat(gate.capacity()).isEqualTo(1);
        assertThat(granted(gate.acquire(loop, 10_000)).address()).isEqualTo(AT_SERVICE);
    }

    @Test
    void anUnsetBoundFollowsTheReadyEndpointsOneInvocationEach() throws Exception {
        List<ServiceUpstreamConfig> followed = new ArrayList<>();
        FunctionGates gates = inAPod(followed);
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 0);
        assertThat(followed).containsExactly(SERVICE);
        gates.endpoints(SERVICE, List.of(A, B));
        assertThat(gate.capacity()).isEqualTo(2);
        List<UpstreamAddress> used = new ArrayList<>();
        used.add(granted(gate.acquire(loop, 10_000)).address());
        used.add(granted(gate.acquire(loop, 10_000)).address());
        assertThat(used).containsExactlyInAnyOrder(A, B);
        assertThat(gate.acquire(loop, 10_000).isDone())
                .as("both endpoints busy")
                .isFalse();
    }

    @Test
    void anExplicitBoundWinsOverTheEndpoints() throws Exception {
        FunctionGates gates = inAPod(new ArrayList<>());
        gates.endpoints(SERVICE, List.of(A, B, C));
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 5);
        assertThat(gate.capacity()).isEqualTo(5);
        assertThat(granted(gate.acquire(loop, 10_000)).address()).isEqualTo(AT_SERVICE);
    }

    @Test
    void aNewEndpointServesAWaitingCallAtOnce() throws Exception {
        FunctionGates gates = inAPod(new ArrayList<>());
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 0);
        gates.endpoints(SERVICE, List.of(A));
        granted(gate.acquire(loop, 10_000));
        Future<FunctionPermit> waiting = gate.acquire(loop, 10_000);
        assertThat(waiting.isDone()).isFalse();
        gates.endpoints(SERVICE, List.of(A, B));
        assertThat(granted(waiting).address()).isEqualTo(B);
    }

    @Test
    void anEndpointThatLeavesKeepsItsCallAndGetsNoSecondOneWhenItComesBack() throws Exception {
        FunctionGates gates = inAPod(new ArrayList<>());
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 0);
        gates.endpoints(SERVICE, List.of(A));
        FunctionPermit onA = granted(gate.acquire(loop, 10_000));
        gates.endpoints(SERVICE, List.of(B));
        // The call on A is not refused by the change; the next call goes to B.
        assertThat(gate.running()).isEqualTo(1);
        FunctionPermit onB = granted(gate.acquire(loop, 10_000));
        assertThat(onB.address()).isEqualTo(B);
        gates.endpoints(SERVICE, List.of(A, B));
        Future<FunctionPermit> next = gate.acquire(loop, 10_000);
        assertThat(next.isDone()).as("A still runs its first call").isFalse();
        onA.release();
        assertThat(granted(next).address()).isEqualTo(A);
    }

    @Test
    void noReadyEndpointMeansCallsWaitThenAreThrottled() throws Exception {
        FunctionGates gates = inAPod(new ArrayList<>());
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 0);
        gates.endpoints(SERVICE, List.of());
        assertThat(gate.capacity()).isZero();
        Future<FunctionPermit> f = gate.acquire(loop, 50);
        assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cause()).isInstanceOf(FunctionGate.Throttled.class);
    }

    @Test
    void anHttpsServiceKeepsItsAddressWithOneInvocationPerEndpoint() throws Exception {
        ServiceUpstreamConfig tls = new ServiceUpstreamConfig("https", "team", "fn", 443, "https");
        UpstreamAddress atTls = UpstreamAddress.https("fn.team.svc.cluster.local", 443);
        FunctionGates gates = inAPod(new ArrayList<>());
        FunctionGate gate = gates.gate(tls, atTls, PATH, 0);
        gates.endpoints(tls, List.of(UpstreamAddress.https("10.0.0.1", 8443), UpstreamAddress.https("10.0.0.2", 8443)));
        assertThat(gate.capacity()).isEqualTo(2);
        assertThat(granted(gate.acquire(loop, 10_000)).address()).isEqualTo(atTls);
    }

    @Test
    void endpointsUnknownAgainFallBackToOneAtATime() {
        FunctionGates gates = inAPod(new ArrayList<>());
        FunctionGate gate = gates.gate(SERVICE, AT_SERVICE, PATH, 0);
        gates.endpoints(SERVICE, List.of(A, B, C));
        assertThat(gate.capacity()).isEqualTo(3);
        gates.endpoints(SERVICE, null);
        assertThat(gate.capacity()).isEqualTo(1);
    }
}
