package dev.tollgate.dataplane.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLException;

/** Last handler of a backend connection: hands responses, failures and closes to its pool. */
final class UpstreamConnectionHandler extends ChannelInboundHandlerAdapter {
    private final PooledConnection connection;
    private final boolean secure;

    UpstreamConnectionHandler(PooledConnection connection, boolean secure) {
        this.connection = connection;
        this.secure = secure;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!secure) {
            connection.pool.onReady(connection);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                connection.pool.onReady(connection);
            } else {
                connection.failure = handshake.cause();
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            // An idle pooled connection expires, and so does a streamed response the backend stopped
            // sending while the client was reading; a response still awaited is the deadline's.
            Exchange exchange = connection.exchange;
            if (connection.idle) {
                ctx.close();
            } else if (exchange != null
                    && !exchange.done
                    && exchange.streaming()
                    && exchange.headSeen()
                    && !exchange.responsePaused) {
                connection.exchange = null;
                exchange.fail(
                        UpstreamException.Kind.TIMEOUT,
                        connection.pool.address + " sent nothing of its response body for "
                                + connection.pool.client.options().idleTimeout().toMillis() + " ms",
                        null);
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject part) {
            connection.pool.onRead(connection, part);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.pool.onReadComplete(connection);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = connection.exchange;
        if (exchange != null) {
            exchange.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange exchange = connection.exchange;
        if (exchange != null && !exchange.done && connection.ready && !isTls(cause)) {
            if (cause instanceof DecoderException) {
                connection.exchange = null;
                exchange.fail(
                        UpstreamException.Kind.PROTOCOL_ERROR,
                        "malformed response from " + connection.pool.address,
                        cause);
            }
        }
        // Anything else (reset, broken pipe) is judged when the channel goes inactive: the pool
        // decides there between a resend and CONNECTION_RESET.
        if (connection.failure == null) {
            connection.failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.pool.onClosed(connection);
        ctx.fireChannelInactive();
    }

    private static boolean isTls(Throwable cause) {
        return cause instanceof SSLException || cause.getCause() instanceof SSLException;
    }
}
