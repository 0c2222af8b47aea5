package dev.tollgate.dataplane.runtime;

import static dev.tollgate.dataplane.testing.TestConfigs.config;
import static dev.tollgate.dataplane.testing.TestConfigs.mock;
import static dev.tollgate.dataplane.testing.TestConfigs.rest;
import static dev.tollgate.dataplane.testing.TestConfigs.route;
import static dev.tollgate.dataplane.testing.TestConfigs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.testing.LogCapture;
import dev.tollgate.dataplane.testing.StepHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one resume path: a continuation after an asynchronous hop runs on the exchange's event loop,
 * a failure there is answered 500 and logged once with the request id, and a late continuation is
 * dropped. The "backend" here is another thread completing a future, as Redis' or the Kubernetes
 * client's threads do.
 */
class ExchangeResumeTest {
    private static final String HOST = "api.default.execute-api.localhost";

    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor(new DefaultThreadFactory("elsewhere"));
    private final StepHarness harness = new StepHarness();

    @AfterEach
    void stop() {
        harness.close();
        elsewhere.shutdownNow();
    }

    /** Serves one route whose only step is {@code step}, in the integration's slot. */
    private void serve(Step step) {
        harness.with(StepOrder.Slot.INTEGRATION, ctx -> step)
                .serve(config(rest("api", stage("prod", route("GET", "/x", mock("{}"))))));
    }

    private CompletableFuture<String> later(String value) {
        return CompletableFuture.supplyAsync(() -> value, elsewhere);
    }

    @Test
    void exceptionAfterAnAsyncHopAnswers500InternalServerErrorAndIsLoggedOnceWithTheRequestId() throws Exception {
        serve(exchange -> exchange.resume(later("answer"), (value, failure) -> {
            throw new IllegalStateException("bug after the hop");
        }));
        StepHarness.Answer answer;
        try (LogCapture logs = LogCapture.start()) {
            answer = harness.get(HOST, "/prod/x");
            String id = answer.exchange().requestId();
            List<ILoggingEvent> errors = logs.events().stream()
                    .filter(e -> e.getLevel() == Level.ERROR
                            && e.getFormattedMessage().contains(id))
                    .toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo("bug after the hop");
        }
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("InternalServerErrorException");
        assertThat(answer.header("x-amzn-RequestId"))
                .isEqualTo(answer.exchange().requestId());
        assertThat(answer.responses()).hasValue(1);
    }

    @Test
    void exceptionThrownByAStepBeforeAnyHopAnswers500() throws Exception {
        serve(exchange -> {
            throw new IllegalArgumentException("bug in the step");
        });
        StepHarness.Answer answer = harness.get(HOST, "/prod/x");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void continuationRunsOnTheExchangesEventLoopWithTheResult() throws Exception {
        AtomicBoolean onLoop = new AtomicBoolean();
        AtomicReference<String> seen = new AtomicReference<>();
        serve(exchange -> exchange.resume(later("answer"), (value, failure) -> {
            onLoop.set(exchange.eventLoop().inEventLoop());
            seen.set(value);
            exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        }));
        assertThat(harness.get(HOST, "/prod/x").status()).isEqualTo(200);
        assertThat(onLoop).isTrue();
        assertThat(seen).hasValue("answer");
    }

    @Test
    void aFailedHopReachesTheContinuationAsItsCause() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        serve(exchange -> exchange.resume(
                CompletableFuture.supplyAsync(
                        () -> {
                            throw new IllegalStateException("store down", new IOException("refused"));
                        },
                        elsewhere),
                (value, failure) -> {
                    seen.set(failure);
                    exchange.respond(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
                }));
        assertThat(harness.get(HOST, "/prod/x").status()).isEqualTo(204);
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessage("store down");
    }

    @Test
    void nettyFutureCompletedElsewhereResumesOnTheLoop() throws Exception {
        AtomicBoolean onLoop = new AtomicBoolean();
        serve(exchange -> {
            Promise<String> promise = exchange.eventLoop().newPromise();
            elsewhere.execute(() -> promise.setSuccess("done"));
            exchange.resume(promise, (value, failure) -> {
                onLoop.set(exchange.eventLoop().inEventLoop());
                throw new IllegalStateException("bug after the upstream answered");
            });
        });
        assertThat(harness.get(HOST, "/prod/x").status()).isEqualTo(500);
        assertThat(onLoop).isTrue();
    }

    @Test
    void continuationArrivingAfterTheResponseIsDroppedAndItsBufferReleased() throws Exception {
        CompletableFuture<ByteBuf> late = new CompletableFuture<>();
        AtomicBoolean ran = new AtomicBoolean();
        serve(exchange -> {
            exchange.resume(late, (value, failure) -> ran.set(true));
            // Answered before the hop comes back, as a timeout would.
            exchange.fail(GatewayError.INTEGRATION_TIMEOUT);
        });
        StepHarness.Answer answer = harness.get(HOST, "/prod/x");
        assertThat(answer.status()).isEqualTo(504);
        ByteBuf buffer = Unpooled.buffer(8).writeLong(42);
        elsewhere.submit(() -> late.complete(buffer)).get();
        // The hop is queued on the loop behind this no-op: once it ran, the continuation was handled.
        harness.loop().submit(() -> {}).sync();
        assertThat(ran).isFalse();
        assertThat(buffer.refCnt()).isZero();
        assertThat(answer.responses()).hasValue(1);
    }
}
