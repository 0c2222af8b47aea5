package dev.tollgate.dataplane.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The connections of one event loop to one address. Every method runs on {@link #loop}, so the
 * state below needs no locks.
 */
final class HostPool {
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK_SIZE = 16 * 1024;

    final UpstreamClient client;
    final EventLoop loop;
    final UpstreamAddress address;
    private final Bootstrap bootstrap;
    private final int maxConnections;
    private final int maxIdle;
    private final int maxPending;
    private final long maxResponseBytes;
    /** Most recently used on top, so the connection least likely to have been closed is taken first. */
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();

    private final ArrayDeque<Exchange> waiters = new ArrayDeque<>();
    /** Connections resolving, connecting, busy or idle. */
    private int open;

    HostPool(UpstreamClient client, EventLoop loop, UpstreamAddress address) {
        this.client = client;
        this.loop = loop;
        this.address = address;
        UpstreamClientOptions options = client.options();
        this.maxConnections = options.maxConnectionsPerHost();
        this.maxIdle = options.maxIdlePerHost();
        this.maxPending = options.maxPendingPerHost();
        this.maxResponseBytes = options.maxResponseBytes();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(client.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    void acquire(Exchange exchange) {
        PooledConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.idle = false;
            if (c.channel.isActive()) {
                client.metricsSink().onReused();
                write(c, exchange);
                return;
            }
            c.close();
        }
        if (open < maxConnections) {
            connect(exchange);
            return;
        }
        if (waiters.size() >= maxPending) {
            exchange.fail(
                    UpstreamException.Kind.CONNECT_FAILED,
                    "no free connection to " + address + ": " + maxConnections + " busy on this event loop and "
                            + maxPending + " requests already waiting",
                    null);
            return;
        }
        exchange.queued = true;
        waiters.addLast(exchange);
    }

    void dequeue(Exchange exchange) {
        waiters.remove(exchange);
        exchange.queued = false;
    }

    /** Closes the idle connections (client shutdown). */
    void closeIdle() {
        PooledConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.idle = false;
            c.close();
        }
    }

    /** TCP (and TLS) are up: send what the connection was opened for. */
    void onReady(PooledConnection c) {
        c.ready = true;
        client.metricsSink().onOpened();
        Exchange exchange = c.exchange;
        if (exchange == null || exchange.done) {
            c.exchange = null;
            release(c);
        } else {
            write(c, exchange);
        }
    }

    /**
     * A part of a response (head, or a chunk of its body) read from {@code c}: passed to the
     * streaming caller or gathered for a whole one, within the response size cap.
     */
    void onRead(PooledConnection c, HttpObject msg) {
        Exchange exchange = c.exchange;
        if (exchange == null || exchange.done) {
            // Nothing asked for it: the connection's framing can no longer be trusted.
            ReferenceCountUtil.release(msg);
            c.exchange = null;
            c.close();
            return;
        }
        if (msg.decoderResult().isFailure()) {
            Throwable cause = msg.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            c.exchange = null;
            if (cause instanceof PrematureChannelClosureException) {
                exchange.fail(
                        UpstreamException.Kind.CONNECTION_RESET,
                        address + " closed the connection before the response was complete",
                        cause);
            } else {
                exchange.fail(UpstreamException.Kind.PROTOCOL_ERROR, "malformed response from " + address, cause);
            }
            c.close();
            return;
        }
        if (msg instanceof HttpResponse head) {
            if (exchange.skipInterim(head)) {
                // An interim response (100 Continue, 103 Early Hints): the final one follows.
                return;
            }
            long declared = HttpUtil.getContentLength(head, -1L);
            if (declared > maxResponseBytes) {
                tooLarge(c, exchange);
                ReferenceCountUtil.release(msg);
                return;
            }
            exchange.onHead(head);
        }
        if (!(msg instanceof HttpContent content)) {
            return;
        }
        if (exchange.inInterim()) {
            content.release();
            if (content instanceof LastHttpContent) {
                exchange.endInterim();
            }
            return;
        }
        if (exchange.done || c.exchange != exchange) {
            // The streaming caller gave up while taking the head.
            content.release();
            return;
        }
        if (!exchange.count(content.content().readableBytes(), maxResponseBytes)) {
            content.release();
            tooLarge(c, exchange);
            return;
        }
        if (!(content instanceof LastHttpContent last)) {
            if (exchange.streaming()) {
                exchange.handler.onResponseContent(content);
            } else {
                exchange.gather(content);
            }
            return;
        }
        c.exchange = null;
        c.reused = true;
        boolean keepAlive = exchange.backendKeepAlive()
                && HttpUtil.isKeepAlive(exchange.head)
                && (!exchange.streaming() || exchange.requestComplete);
        // Pool the connection before completing, so a follow-up sent from the listener can take it.
        if (keepAlive) {
            c.channel.config().setAutoRead(true);
            release(c);
        } else {
            c.close();
        }
        if (exchange.streaming()) {
            exchange.completeStream(last);
        } else {
            exchange.gather(last);
            exchange.succeed(exchange.gatheredResponse(last));
        }
    }

    private void tooLarge(PooledConnection c, Exchange exchange) {
        c.exchange = null;
        exchange.fail(
                UpstreamException.Kind.RESPONSE_TOO_LARGE,
                "response from " + address + " exceeds " + maxResponseBytes + " bytes",
                null);
        c.close();
    }

    /** The connection read all it had: a streaming caller may flush what it passed on. */
    void onReadComplete(PooledConnection c) {
        Exchange exchange = c.exchange;
        if (exchange != null && !exchange.done && exchange.streaming() && exchange.headSeen()) {
            exchange.handler.onResponseReadComplete();
        }
    }

    /**
     * Accounts for a connection's end (called once per connection: connect failed, or channel
     * inactive) and decides what becomes of the request it was serving.
     */
    void onClosed(PooledConnection c) {
        if (c.released) {
            return;
        }
        c.released = true;
        open--;
        if (c.ready) {
            client.metricsSink().onClosed();
        }
        if (c.idle) {
            idle.remove(c);
            c.idle = false;
        }
        Exchange exchange = c.exchange;
        c.exchange = null;
        if (exchange != null && !exchange.done) {
            exchange.connection = null;
            if (!c.ready) {
                exchange.fail(
                        UpstreamException.Kind.CONNECT_FAILED,
                        "cannot connect to " + address + describe(c.failure),
                        c.failure);
            } else if (c.reused
                    && !c.receivedAny
                    && exchange.idempotent
                    && !exchange.retried
                    && !exchange.bodyWritten
                    && !client.isClosed()) {
                // A kept-alive connection the backend closed as we wrote: it never saw the request, or
                // the method makes seeing it twice harmless. Resend once, on a new connection, taking
                // the slot this one just gave back.
                exchange.retried = true;
                client.metricsSink().onRetried();
                connect(exchange);
            } else {
                exchange.fail(
                        UpstreamException.Kind.CONNECTION_RESET,
                        address + " closed the connection before the response was complete" + describe(c.failure),
                        c.failure);
            }
        }
        serveWaiters();
    }

    private void release(PooledConnection c) {
        if (!c.channel.isActive() || client.isClosed()) {
            c.close();
            return;
        }
        Exchange next = waiters.pollFirst();
        if (next != null) {
            next.queued = false;
            client.metricsSink().onReused();
            write(c, next);
            return;
        }
        if (idle.size() >= maxIdle) {
            c.close();
            return;
        }
        c.idle = true;
        idle.addFirst(c);
    }

    private void serveWaiters() {
        while (open < maxConnections && !waiters.isEmpty()) {
            Exchange next = waiters.pollFirst();
            next.queued = false;
            connect(next);
        }
    }

    private void write(PooledConnection c, Exchange exchange) {
        c.exchange = exchange;
        c.receivedAny = false;
        exchange.connection = c;
        if (exchange.streaming()) {
            exchange.writeHead(c);
            return;
        }
        // A duplicate, so the exchange keeps its request for a possible resend.
        c.channel.writeAndFlush(exchange.full.retainedDuplicate()).addListener(f -> {
            if (!f.isSuccess()) {
                if (c.failure == null) {
                    c.failure = f.cause();
                }
                c.close();
            }
        });
    }

    private void connect(Exchange exchange) {
        open++;
        PooledConnection c = new PooledConnection(this);
        c.exchange = exchange;
        exchange.connection = c;
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(address.host());
        if (literal != null) {
            connect(c, literal);
            return;
        }
        try {
            client.resolver().execute(() -> {
                InetAddress resolved = null;
                Throwable error = null;
                try {
                    resolved = InetAddress.getByName(address.host());
                } catch (UnknownHostException | SecurityException e) {
                    error = e;
                }
                InetAddress result = resolved;
                Throwable failure = error;
                try {
                    loop.execute(() -> onResolved(c, result, failure));
                } catch (RejectedExecutionException e) {
                    // The loop is gone, and the pool with it.
                }
            });
        } catch (RejectedExecutionException e) {
            onResolved(c, null, e);
        }
    }

    private void onResolved(PooledConnection c, InetAddress resolved, Throwable failure) {
        Exchange exchange = c.exchange;
        if (exchange == null || exchange.done) {
            onClosed(c);
        } else if (resolved == null) {
            c.failure = failure;
            onClosed(c);
        } else {
            connect(c, resolved);
        }
    }

    private void connect(PooledConnection c, InetAddress ip) {
        ChannelFuture future = bootstrap
                .clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        initPipeline(ch.pipeline(), c);
                    }
                })
                .connect(new InetSocketAddress(ip, address.port()));
        c.channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                // A channel that never became active fires no channelInactive: account for it here.
                c.failure = f.cause();
                onClosed(c);
            }
        });
    }

    private void initPipeline(ChannelPipeline p, PooledConnection c) {
        UpstreamClientOptions options = client.options();
        if (address.secure()) {
            SslHandler ssl = client.sslContext().newHandler(p.channel().alloc(), address.host(), address.port());
            SSLEngine engine = ssl.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (NetUtil.createByteArrayFromIpAddressString(address.host()) == null) {
                // Set explicitly: the JDK sends no SNI for a name without a dot, such as localhost.
                try {
                    params.setServerNames(List.of(new SNIHostName(address.host())));
                } catch (IllegalArgumentException e) {
                    // Not a valid DNS name (e.g. has an underscore): send no SNI rather than fail.
                }
            }
            engine.setSSLParameters(params);
            ssl.setHandshakeTimeoutMillis(options.connectTimeout().toMillis());
            p.addLast("tls", ssl);
        }
        p.addLast("first-byte", new FirstByteHandler(c));
        p.addLast("codec", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        p.addLast("idle", new IdleStateHandler(0, 0, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("upstream", new UpstreamConnectionHandler(c, address.secure()));
    }

    private static String describe(Throwable failure) {
        if (failure == null || failure.getMessage() == null) {
            return failure == null ? "" : ": " + failure.getClass().getSimpleName();
        }
        return ": " + failure.getMessage();
    }
}
