package dev.tollgate.dataplane.functions;

import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to run one invocation of a function, at one target: where to send it. Released once
 * the invocation is over (its answer arrived or its connection closed); a second release does
 * nothing.
 */
public final class FunctionPermit {
    private final FunctionGate gate;
    private final UpstreamAddress address;
    private final AtomicBoolean released = new AtomicBoolean();

    FunctionPermit(FunctionGate gate, UpstreamAddress address) {
        this.gate = gate;
        this.address = address;
    }

    /** Where this invocation goes: an endpoint of the function's Service, or the Service itself. */
    public UpstreamAddress address() {
        return address;
    }

    /**
     * Sends the invocation to {@link #address()} and releases this permit once it is over. The
     * future completes on {@code loop} with the function's answer (the caller releases it), or
     * fails with a {@link UpstreamException.Kind#TIMEOUT} after {@code timeoutMillis}. A timed-out
     * invocation keeps its permit while the function still runs it: the call goes on until the
     * function answers (the answer is dropped), its connection closes, or {@link
     * FunctionGates#HOLD_MILLIS} pass (the connection is then closed), so the next call is never
     * sent to an emulator still busy with it.
     */
    public Future<FullHttpResponse> invoke(
            UpstreamSender client, EventLoop loop, FullHttpRequest request, long timeoutMillis) {
        Future<FullHttpResponse> call;
        try {
            call = client.send(loop, address, request, Math.max(timeoutMillis, FunctionGates.HOLD_MILLIS));
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        Promise<FullHttpResponse> seen = loop.newPromise();
        ScheduledFuture<?> deadline = loop.schedule(
                () -> seen.tryFailure(new UpstreamException(
                        UpstreamException.Kind.TIMEOUT,
                        "no complete response from " + address + " within " + timeoutMillis + " ms")),
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        call.addListener(f -> {
            release();
            deadline.cancel(false);
            if (!f.isSuccess()) {
                seen.tryFailure(f.cause());
                return;
            }
            FullHttpResponse answer = call.getNow();
            if (!seen.trySuccess(answer)) {
                answer.release();
            }
        });
        return seen;
    }

    /** Ends the invocation: its target takes the next one. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            gate.release(address);
        }
    }
}
