package dev.tollgate.dataplane.server;

import dev.tollgate.dataplane.http.ErrorResponder;
import dev.tollgate.dataplane.http.GatewayError;
import dev.tollgate.dataplane.http.RequestIds;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates a request body up to AWS's 10 MB payload limit. Over it the client gets AWS's 413
 * {@code Request Too Long} and the connection closes; {@code Expect: 100-continue} is answered
 * 100 when the announced length fits, and an unknown expectation gets 417.
 */
public final class LimitedAggregator extends HttpObjectAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(LimitedAggregator.class);

    public LimitedAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r && !HttpResponseStatus.CONTINUE.equals(r.status())) {
            GatewayError error =
                    r.status().code() == 413 ? GatewayError.REQUEST_TOO_LARGE : GatewayError.EXPECTATION_FAILED;
            ReferenceCountUtil.release(response);
            return errorResponse(ctx(), error);
        }
        return response;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object msg) {
        return msg instanceof HttpResponse r && !HttpResponseStatus.CONTINUE.equals(r.status());
    }

    @Override
    protected boolean ignoreContentAfterContinueResponse(Object msg) {
        return closeAfterContinueResponse(msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(errorResponse(ctx, GatewayError.REQUEST_TOO_LARGE)).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse errorResponse(ChannelHandlerContext ctx, GatewayError error) {
        String requestId = RequestIds.next();
        LOG.info(
                "rejected request {} from {}: {} ({})",
                requestId,
                RequestGuardHandler.remoteIp(ctx),
                error.message(),
                error.status().code());
        FullHttpResponse response = ErrorResponder.response(error, requestId, ctx.alloc());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
