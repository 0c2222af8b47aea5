package dev.tollgate.dataplane.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP/1.1 decoder and lets a read of the socket happen only when the connection's
 * {@link ExchangeHandler} wants bytes (a next request, or the body it is reading): the decoder's own
 * requests for more of a partial message included. With auto-read off, this is what stops a client
 * that pipelines requests, or sends a body nobody reads yet, from filling the gateway's memory. It
 * also tells the handler when the first bytes of a request arrive, for its header deadline, and
 * drops what arrives while the connection lingers before closing.
 */
final class ReadGate extends ChannelDuplexHandler {
    private final ExchangeHandler handler;
    private ChannelHandlerContext ctx;

    ReadGate(ExchangeHandler handler) {
        this.handler = handler;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Makes the decoder behind go on with bytes it holds back, without reading the socket. */
    void decodeHeld() {
        ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handler.lingering()) {
            // The connection answered and is closing: what the client still sends is dropped unread.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            handler.bytesArrived();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (handler.wantsBytes()) {
            ctx.read();
        }
    }
}
