package dev.tollgate.dataplane.echo;

import dev.tollgate.dataplane.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 backend: answers every request with 200 and a JSON description of what it got,
 * serves the pets of the README's walk-through, and misbehaves on request ({@code /status/{code}},
 * {@code /delay/{millis}}, {@code /close}, {@code /bytes/{n}}). See {@link EchoHandler} for the paths.
 */
public final class EchoServer implements AutoCloseable {
    /** Largest request body accepted; bigger ones get 413. */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    /** Largest request line, and header block, accepted. */
    static final int MAX_LINE_AND_HEADERS = 32 * 1024;

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final int port;
    private final AtomicInteger accepted;
    private final AtomicInteger open;

    private EchoServer(EventLoopGroup group, Channel serverChannel, AtomicInteger accepted, AtomicInteger open) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.accepted = accepted;
        this.open = open;
    }

    /**
     * Starts listening on {@code host:port} ({@code port} 0 picks a free one) with its own event loop
     * group, and returns once bound.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static EchoServer start(String host, int port) {
        Objects.requireNonNull(host, "host");
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(2, "tollgate-echo");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        ChannelInboundHandlerAdapter counter = new ConnectionCounter(accepted, open);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(counter)
                                    // Room for the longest URL and header block a gateway forwards.
                                    .addLast(new HttpServerCodec(MAX_LINE_AND_HEADERS, MAX_LINE_AND_HEADERS, 8192))
                                    .addLast(new HttpServerExpectContinueHandler())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(new EchoHandler());
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new EchoServer(group, channel, accepted, open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            // sync() rethrows the bind failure as it is, a checked BindException included.
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot bind " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Connections accepted since start. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int connectionsOpen() {
        return open.get();
    }

    /** Stops listening, closes every connection and stops its threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts connections; shared by all child channels. */
    @Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final AtomicInteger accepted;
        private final AtomicInteger open;

        ConnectionCounter(AtomicInteger accepted, AtomicInteger open) {
            this.accepted = accepted;
            this.open = open;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
            open.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }
}
