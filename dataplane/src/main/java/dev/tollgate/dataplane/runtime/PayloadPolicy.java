package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.http.Compression;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.ir.PayloadConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * One API's payload settings as served: which media types are binary, and response compression
 * by the client's {@code Accept-Encoding} once a body reaches {@code minimumCompressionSize}.
 */
public final class PayloadPolicy {
    /** An API with neither binary media types nor compression. */
    public static final PayloadPolicy NONE = new PayloadPolicy(List.of(), null);

    private final List<String> binaryMediaTypes;
    private final Integer minimumCompressionSize;

    private PayloadPolicy(List<String> binaryMediaTypes, Integer minimumCompressionSize) {
        this.binaryMediaTypes = binaryMediaTypes;
        this.minimumCompressionSize = minimumCompressionSize;
    }

    /** The policy of an API's payload config (null: {@link #NONE}). */
    public static PayloadPolicy of(PayloadConfig config) {
        return config == null ? NONE : new PayloadPolicy(config.binaryMediaTypes(), config.minimumCompressionSize());
    }

    /** Whether a payload of this content type is binary (matches a binary media type). */
    public boolean isBinary(String contentType) {
        return MediaTypes.matchesAny(contentType, binaryMediaTypes);
    }

    /** Whether the client accepts binary: its first {@code Accept} type is a binary media type. */
    public boolean acceptsBinary(HttpRequest request) {
        return MediaTypes.matchesAny(
                MediaTypes.firstAccepted(request.headers().get(HttpHeaderNames.ACCEPT)), binaryMediaTypes);
    }

    /** Whether the API compresses: then compressed request bodies are also decoded for templates. */
    public boolean compresses() {
        return minimumCompressionSize != null;
    }

    /**
     * The response compressed with the coding the client prefers, when the API compresses, the body
     * has at least {@code minimumCompressionSize} bytes and is not encoded already; else the
     * response as it is.
     */
    public FullHttpResponse compress(HttpRequest request, FullHttpResponse response, ByteBufAllocator alloc) {
        int length = response.content().readableBytes();
        if (minimumCompressionSize == null
                || length == 0
                || length < minimumCompressionSize
                || response.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
            return response;
        }
        String coding = Compression.choose(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        if (coding == null) {
            return response;
        }
        byte[] encoded = Compression.encode(ByteBufUtil.getBytes(response.content()), coding);
        FullHttpResponse out = response.replace(alloc.buffer(encoded.length).writeBytes(encoded));
        response.release();
        out.headers()
                .set(HttpHeaderNames.CONTENT_ENCODING, coding)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, encoded.length);
        return out;
    }
}
