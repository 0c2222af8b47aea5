package dev.tollgate.dataplane.steps.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-function concurrency bound: permits, the queue, the wait's end and a new bound. */
class FunctionGatesTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aWaitingCallGetsThePermitTheHolderReleases() throws Exception {
        FunctionGates.Gate gate = new FunctionGates().gate("fn", 1);
        Future<Void> first = gate.acquire(loop, 10_000);
        Future<Void> second = gate.acquire(loop, 10_000);
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isDone()).isFalse();
        gate.release();
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.isSuccess()).isTrue();
        assertThat(gate.running()).isEqualTo(1);
        gate.release();
        assertThat(gate.running()).isZero();
    }

    @Test
    void aCallThatWaitsPastItsBoundIsThrottledAndLeavesThePermitCountAlone() throws Exception {
        FunctionGates.Gate gate = new FunctionGates().gate("fn", 1);
        gate.acquire(loop, 10_000);
        Future<Void> late = gate.acquire(loop, 50);
        assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(late.cause()).isInstanceOf(FunctionGates.Throttled.class);
        gate.release();
        assertThat(gate.running()).isZero();
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        FunctionGates.Gate gate = new FunctionGates().gate("fn", 1);
        gate.acquire(loop, 10_000);
        for (int i = 0; i < FunctionGates.QUEUE_PER_PERMIT; i++) {
            assertThat(gate.acquire(loop, 10_000).isDone()).isFalse();
        }
        Future<Void> refused = gate.acquire(loop, 10_000);
        assertThat(refused.isDone()).isTrue();
        assertThat(refused.cause()).isInstanceOf(FunctionGates.Throttled.class);
    }

    @Test
    void theSameFunctionSharesOneGateWithTheNewestBound() {
        FunctionGates gates = new FunctionGates();
        FunctionGates.Gate a = gates.gate("fn", 1);
        a.acquire(loop, 10_000);
        FunctionGates.Gate b = gates.gate("fn", 2);
        assertThat(b).isSameAs(a);
        assertThat(b.acquire(loop, 10_000).isSuccess()).isTrue();
    }
}
