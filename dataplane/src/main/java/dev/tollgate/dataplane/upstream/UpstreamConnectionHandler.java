package dev.tollgate.dataplane.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
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
            // Only an idle pooled connection expires; a slow response is the deadline's business.
            if (connection.idle) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response) {
            connection.pool.onResponse(connection, response);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange exchange = connection.exchange;
        if (exchange != null && !exchange.done && connection.ready && !isTls(cause)) {
            if (cause instanceof TooLongFrameException) {
                // Thrown by the aggregator once the body passes the cap (or Content-Length says it will).
                connection.exchange = null;
                exchange.fail(
                        UpstreamException.Kind.RESPONSE_TOO_LARGE,
                        "response from " + connection.pool.address + " exceeds "
                                + connection.pool.client.options().maxResponseBytes() + " bytes",
                        cause);
            } else if (cause instanceof DecoderException) {
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
