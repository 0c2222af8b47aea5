package dev.tollgate.dataplane.steps.integration;

import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.runtime.Exchange;
import dev.tollgate.dataplane.runtime.ExecutionLog;
import dev.tollgate.dataplane.runtime.RequestBodySink;
import dev.tollgate.dataplane.runtime.ResponseBody;
import dev.tollgate.dataplane.runtime.ResponseBodySink;
import dev.tollgate.dataplane.upstream.UpstreamAddress;
import dev.tollgate.dataplane.upstream.UpstreamCall;
import dev.tollgate.dataplane.upstream.UpstreamException;
import dev.tollgate.dataplane.upstream.UpstreamHandler;
import dev.tollgate.dataplane.upstream.UpstreamSender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * One backend call of an HTTP integration, between the client's connection and the backend's:
 * the request body flows from the client to the backend chunk by chunk while the backend's
 * connection can take it (the client's is paused meanwhile), and the response flows back the same
 * way (the backend's is paused while the client's is full). A response that is mapped (an
 * integration response) or observed (the cache) is gathered whole instead. Runs on the exchange's
 * event loop; should the client go away, the call is aborted and its connection closed.
 */
final class ProxyCall implements UpstreamHandler, RequestBodySink, ResponseBody {
    private final HttpIntegrationStep step;
    private final Exchange exchange;
    /** A body sent instead of the client's (a template's, or one an earlier step read whole), or null. */
    private ByteBuf fixedBody;

    private UpstreamCall call;
    private long start;
    private boolean over;
    // Request side.
    private boolean subscribed;
    private boolean clientPaused;
    private boolean requestSent;
    // Response side.
    private boolean answered;
    private HttpResponse gatheredHead;
    private CompositeByteBuf gathered;
    private ResponseBodySink sink;
    private ArrayDeque<HttpContent> early;

    ProxyCall(HttpIntegrationStep step, Exchange exchange, ByteBuf fixedBody) {
        this.step = step;
        this.exchange = exchange;
        this.fixedBody = fixedBody;
    }

    void start(UpstreamSender client, UpstreamAddress address, HttpRequest head, long timeoutMillis) {
        start = System.nanoTime();
        try {
            call = client.open(exchange.eventLoop(), address, head, timeoutMillis, this);
        } catch (RuntimeException e) {
            releaseFixed();
            exchange.integrationDone(System.nanoTime() - start, -1, e.getClass().getSimpleName());
            exchange.fail(GatewayError.INTEGRATION_FAILURE);
            return;
        }
        exchange.onClientGone(this::abort);
        call.start();
    }

    // --- request: client → backend ------------------------------------------------------------

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (over || requestSent) {
            return;
        }
        if (!writable) {
            pauseClient();
            return;
        }
        if (fixedBody != null) {
            ByteBuf body = fixedBody;
            fixedBody = null;
            requestSent = true;
            call.write(new DefaultLastHttpContent(body));
            call.flush();
            return;
        }
        if (!subscribed) {
            subscribed = true;
            exchange.requestBody().stream(this);
        } else if (clientPaused) {
            clientPaused = false;
            exchange.requestBody().resume();
        }
    }

    @Override
    public void onBodyContent(HttpContent content) {
        if (over || requestSent) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        call.write(content);
        call.flush();
        if (last) {
            requestSent = true;
        } else if (!call.isWritable()) {
            pauseClient();
        }
    }

    @Override
    public void onBodyError(GatewayError error) {
        // The connection answers the client; the backend must not take a request cut short.
        if (!over) {
            over = true;
            exchange.integrationDone(System.nanoTime() - start, -1, "REQUEST_BODY");
            call.abort();
        }
    }

    private void pauseClient() {
        if (subscribed && !clientPaused) {
            clientPaused = true;
            exchange.requestBody().pause();
        }
    }

    // --- response: backend → client -----------------------------------------------------------

    @Override
    public void onResponse(HttpResponse head) {
        if (over) {
            return;
        }
        answered = true;
        int status = head.status().code();
        long latency = System.nanoTime() - start;
        exchange.integrationDone(latency, status, null);
        if (exchange.tracing()) {
            exchange.trace(
                    "Received response. Status: " + status + ", Integration latency: " + latency / 1_000_000 + " ms");
            exchange.trace("Endpoint response headers: " + ExecutionLog.headers(head.headers()));
        }
        try {
            // A traced call (a test invocation) is gathered so its log can show the body.
            if (step.mapsResponses() || exchange.observesResponse() || exchange.tracing()) {
                gatheredHead = head;
                gathered = exchange.alloc().compositeBuffer(Integer.MAX_VALUE);
                return;
            }
            HttpIntegrationStep.proxyHead(head.headers());
            head.setProtocolVersion(HttpVersion.HTTP_1_1);
            exchange.respond(head, this);
        } catch (RuntimeException e) {
            abort();
            exchange.internalError(e);
        }
    }

    @Override
    public void start(ResponseBodySink responseSink) {
        if (over) {
            return;
        }
        sink = responseSink;
        if (early != null) {
            ArrayDeque<HttpContent> waiting = early;
            early = null;
            HttpContent content;
            while ((content = waiting.poll()) != null && !over) {
                pass(content);
            }
            while ((content = waiting.poll()) != null) {
                content.release();
            }
            if (!over) {
                sink.onReadComplete();
            }
        }
    }

    @Override
    public void onResponseContent(HttpContent content) {
        if (over) {
            content.release();
            return;
        }
        if (gathered != null) {
            gather(content);
        } else if (sink == null) {
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(content);
        } else {
            pass(content);
        }
    }

    private void pass(HttpContent content) {
        if (content instanceof LastHttpContent) {
            over = true;
            exchange.onClientGone(null);
        }
        sink.onContent(content);
    }

    private void gather(HttpContent content) {
        ByteBuf data = content.content();
        if (data.isReadable()) {
            gathered.addComponent(true, data.retain());
        }
        content.release();
        if (!(content instanceof LastHttpContent last)) {
            return;
        }
        over = true;
        exchange.onClientGone(null);
        CompositeByteBuf body = gathered;
        gathered = null;
        try {
            step.answered(
                    exchange,
                    new DefaultFullHttpResponse(
                            gatheredHead.protocolVersion(),
                            gatheredHead.status(),
                            body,
                            gatheredHead.headers(),
                            last.trailingHeaders()));
        } catch (RuntimeException e) {
            exchange.internalError(e);
        }
    }

    @Override
    public void onResponseReadComplete() {
        if (sink != null && !over) {
            sink.onReadComplete();
        }
    }

    @Override
    public void onFailure(UpstreamException failure) {
        if (over) {
            return;
        }
        over = true;
        exchange.onClientGone(null);
        releaseFixed();
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        releaseEarly();
        pauseClient();
        if (!answered) {
            HttpIntegrationStep.failed(exchange, failure, System.nanoTime() - start);
        } else if (sink != null) {
            // The head is out: the client can only learn of it by the response being cut.
            sink.onError();
        } else {
            exchange.fail(
                    failure.kind() == UpstreamException.Kind.TIMEOUT
                            ? GatewayError.INTEGRATION_TIMEOUT
                            : GatewayError.INTEGRATION_FAILURE);
        }
    }

    @Override
    public void pause() {
        if (!over) {
            call.pauseResponse();
        }
    }

    @Override
    public void resume() {
        if (!over) {
            call.resumeResponse();
        }
    }

    /** The client went away, or its response was cut: the backend call ends here. */
    @Override
    public void abort() {
        if (over) {
            return;
        }
        over = true;
        exchange.onClientGone(null);
        call.abort();
        releaseFixed();
        releaseEarly();
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }

    private void releaseFixed() {
        if (fixedBody != null) {
            fixedBody.release();
            fixedBody = null;
        }
    }

    private void releaseEarly() {
        if (early != null) {
            HttpContent content;
            while ((content = early.poll()) != null) {
                content.release();
            }
            early = null;
        }
    }
}
