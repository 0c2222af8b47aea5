package dev.tollgate.dataplane.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The one place that turns a {@link GatewayError} into AWS's response shape. */
public final class ErrorResponder {

    /** Header carrying the request id on every response. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    /** Header naming the AWS error type on error responses. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private ErrorResponder() {}

    /**
     * A response {@code {"message": "..."}} with {@code Content-Type: application/json}, {@code
     * x-amzn-RequestId} and {@code x-amzn-ErrorType}.
     */
    public static FullHttpResponse response(GatewayError error, String requestId, ByteBufAllocator alloc) {
        byte[] body = ("{\"message\":\"" + Json.escape(error.message()) + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteBuf content = alloc.buffer(body.length).writeBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(REQUEST_ID_HEADER, requestId)
                .set(ERROR_TYPE_HEADER, error.errorType());
        return response;
    }
}
