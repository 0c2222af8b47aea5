package dev.tollgate.dataplane.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right behind the TLS handler: a failed handshake (unknown SNI name, protocol below the
 * domain's minimum, missing or untrusted client certificate, a ClientHello too long, the handshake
 * deadline) closes the connection instead of reaching the HTTP handlers, which would answer in
 * plain text. Each failed connection is reported once to {@code failed}.
 */
public final class HandshakeGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGuard.class);

    private final Consumer<Throwable> failed;
    private boolean reported;

    /** A guard that only logs. */
    public HandshakeGuard() {
        this(cause -> {});
    }

    /** A guard that reports each failed handshake's cause to {@code failed}, once per connection. */
    public HandshakeGuard(Consumer<Throwable> failed) {
        this.failed = failed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            report(ctx, sni.cause());
        } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            report(ctx, handshake.cause());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            report(ctx, cause);
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void report(ChannelHandlerContext ctx, Throwable cause) {
        if (reported) {
            return;
        }
        reported = true;
        LOG.debug(
                "TLS handshake from {} failed: {}",
                ctx.channel().remoteAddress(),
                cause == null ? "unknown" : cause.getClass().getSimpleName());
        failed.accept(cause);
    }
}
