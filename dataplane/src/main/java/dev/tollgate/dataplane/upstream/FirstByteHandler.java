package dev.tollgate.dataplane.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Notes that the backend sent something for the current request. Sits before the HTTP codec so even
 * an incomplete status line counts: only a request that saw no byte at all may be resent.
 */
final class FirstByteHandler extends ChannelInboundHandlerAdapter {
    private final PooledConnection connection;

    FirstByteHandler(PooledConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.receivedAny = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public boolean isSharable() {
        return false;
    }
}
