package dev.tollgate.dataplane.upstream;

import dev.tollgate.dataplane.net.Transport;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * HTTP/1.1 client for backends, with keep-alive connections pooled per (event loop, address).
 *
 * <p>A request runs entirely on the event loop it is sent on: its connections are registered on
 * that loop, the pool it draws from belongs to that loop and is touched by no other thread, and its
 * future completes there. The gateway sends on the loop of the client's channel, so a request and
 * its backend call never change threads.
 */
public final class UpstreamClient implements UpstreamSender, AutoCloseable {
    private final Transport transport;
    private final UpstreamClientOptions options;
    // Null until the first https backend of a client built without a context: the JVM's default
    // trust store and TLS set-up take a tenth of a start, and most configs never need them.
    private volatile SslContext sslContext;
    private final UpstreamMetrics metrics = new UpstreamMetrics();
    // Keyed by loop; each inner map is created here but read and written only on its own loop.
    private final ConcurrentHashMap<EventLoop, Map<UpstreamAddress, HostPool>> pools = new ConcurrentHashMap<>();
    // Name lookups block (InetAddress), so they run here and hop back to the loop with the result.
    private final ExecutorService resolver;
    private volatile boolean closed;

    /** A client trusting the JVM's default trust store for https backends. */
    public UpstreamClient(Transport transport, UpstreamClientOptions options) {
        this(transport, options, null);
    }

    /**
     * A client using {@code sslContext} for https backends (its trust material decides which
     * certificates are accepted); {@code null} means the JVM's default trust store. Whatever the
     * context, the server name is sent as SNI and the certificate must match the host name.
     */
    public UpstreamClient(Transport transport, UpstreamClientOptions options, SslContext sslContext) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        if (sslContext != null && !sslContext.isClient()) {
            throw new IllegalArgumentException("sslContext must be a client context");
        }
        this.sslContext = sslContext;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                2,
                2,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("tollgate-upstream-resolver", true));
        executor.allowCoreThreadTimeOut(true);
        this.resolver = executor;
    }

    /**
     * Sends request to address on {@code loop} (must be the calling channel's event loop, or any
     * loop of the same transport). Returns a Future that completes ON THAT LOOP with the full
     * response (caller releases it) or fails with {@link UpstreamException}. Takes ownership of
     * {@code request} (releases it). The deadline covers connect + write + whole response. Never
     * blocks. Cancelling the future abandons the call and closes its connection.
     */
    @Override
    public Future<FullHttpResponse> send(
            EventLoop loop, UpstreamAddress address, FullHttpRequest request, long timeoutMillis) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(request, "request");
        if (timeoutMillis <= 0) {
            ReferenceCountUtil.release(request);
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        Promise<FullHttpResponse> promise = loop.newPromise();
        Exchange exchange = new Exchange(this, request, promise, timeoutMillis);
        if (loop.inEventLoop()) {
            start(loop, address, exchange);
        } else {
            try {
                loop.execute(() -> start(loop, address, exchange));
            } catch (RejectedExecutionException e) {
                ReferenceCountUtil.release(request);
                promise.tryFailure(
                        new UpstreamException(UpstreamException.Kind.CONNECT_FAILED, "event loop is shut down", e));
            }
        }
        return promise;
    }

    /**
     * A call whose request body and response stream (see {@link UpstreamCall}); nothing is sent
     * before {@link UpstreamCall#start()}, which must be called on {@code loop} (the calling
     * channel's). The deadline covers connect, write and the wait for the response's head; a
     * response body the backend stops sending for the idle timeout fails the call.
     */
    @Override
    public UpstreamCall open(
            EventLoop loop, UpstreamAddress address, HttpRequest head, long timeoutMillis, UpstreamHandler handler) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(handler, "handler");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        return new Exchange(this, loop, address, head, handler, timeoutMillis);
    }

    /** Counters over all loops and addresses. */
    public UpstreamMetrics metrics() {
        return metrics;
    }

    /** The limits this client was built with. */
    public UpstreamClientOptions options() {
        return options;
    }

    /**
     * Closes idle pooled connections; connections busy now are closed when their response is in.
     * Requests sent afterwards fail CONNECT_FAILED. Does not wait for the closes.
     */
    @Override
    public void close() {
        closed = true;
        pools.forEach((loop, byAddress) -> {
            if (!loop.isShuttingDown()) {
                try {
                    loop.execute(() -> byAddress.values().forEach(HostPool::closeIdle));
                } catch (RejectedExecutionException e) {
                    // The loop stopped in between: its channels are closed with it.
                }
            }
        });
        resolver.shutdown();
    }

    void start(EventLoop loop, UpstreamAddress address, Exchange exchange) {
        if (closed) {
            exchange.fail(UpstreamException.Kind.CONNECT_FAILED, "upstream client is closed", null);
            return;
        }
        if (address.secure() && sslContext == null) {
            prepareTls(loop, address, exchange);
            return;
        }
        Map<UpstreamAddress, HostPool> byAddress = pools.get(loop);
        if (byAddress == null) {
            byAddress = pools.computeIfAbsent(loop, l -> new HashMap<>());
        }
        HostPool pool = byAddress.get(address);
        if (pool == null) {
            pool = new HostPool(this, loop, address);
            byAddress.put(address, pool);
        }
        exchange.start(pool);
    }

    /** Builds the default TLS context off the loop (it reads the trust store), then starts the call there. */
    private void prepareTls(EventLoop loop, UpstreamAddress address, Exchange exchange) {
        try {
            resolver.execute(() -> {
                RuntimeException failure = null;
                try {
                    sslContext();
                } catch (RuntimeException e) {
                    failure = e;
                }
                RuntimeException cause = failure;
                try {
                    loop.execute(() -> {
                        if (cause != null) {
                            exchange.fail(UpstreamException.Kind.CONNECT_FAILED, cause.getMessage(), cause);
                        } else {
                            start(loop, address, exchange);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // The loop stopped: its channels, this call's client among them, closed with it.
                }
            });
        } catch (RejectedExecutionException e) {
            exchange.fail(UpstreamException.Kind.CONNECT_FAILED, "upstream client is closed", e);
        }
    }

    Transport transport() {
        return transport;
    }

    SslContext sslContext() {
        SslContext context = sslContext;
        if (context == null) {
            synchronized (this) {
                context = sslContext;
                if (context == null) {
                    context = defaultSslContext();
                    sslContext = context;
                }
            }
        }
        return context;
    }

    UpstreamMetrics metricsSink() {
        return metrics;
    }

    ExecutorService resolver() {
        return resolver;
    }

    boolean isClosed() {
        return closed;
    }

    private static SslContext defaultSslContext() {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the default TLS client context", e);
        }
    }
}
