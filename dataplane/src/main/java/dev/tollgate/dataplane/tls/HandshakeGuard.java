package dev.tollgate.dataplane.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right behind the TLS handler: a failed handshake (unknown SNI name, protocol below the
 * domain's minimum, missing or untrusted client certificate) closes the connection instead of
 * reaching the HTTP handlers, which would answer in plain text.
 */
public final class HandshakeGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGuard.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            LOG.debug(
                    "TLS handshake from {} failed: {}",
                    ctx.channel().remoteAddress(),
                    cause.getClass().getSimpleName());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
