package dev.tollgate.dataplane.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Netty's request decoder with the gaps a gateway must not have closed: a request with both
 * {@code Content-Length} and {@code Transfer-Encoding: chunked} fails (Netty would silently drop
 * the length), and obs-fold continuation lines fail (Netty would join them into the previous
 * value). Failures surface as the message's decoder result, which the guard answers with 400.
 *
 * <p>Between two requests it holds back while the connection is busy ({@code hold}): the next
 * request's bytes stay undecoded until the current one is done, so at most one request is ever
 * decoded ahead of its turn, whatever a client pipelines. {@link #decodeHeld} resumes.
 */
public final class StrictRequestDecoder extends HttpRequestDecoder {

    // Obs-fold scan state for the current message's header section; the decoder consumes bytes
    // of at most one header section per decode call, so the consumed range is what to scan.
    private boolean scanning = true;
    private boolean sawLine;
    private int lineLength;
    private boolean obsFold;

    private final BooleanSupplier hold;
    private boolean atBoundary;
    private boolean reading;

    /** A decoder that never holds back (tests, tools). */
    public StrictRequestDecoder() {
        this(() -> false);
    }

    /** A decoder that holds the next request back while {@code hold} says the connection is busy. */
    StrictRequestDecoder(BooleanSupplier hold) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(Limits.MAX_INITIAL_LINE)
                .setMaxHeaderSize(Limits.MAX_HEADER_BYTES)
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true));
        this.hold = hold;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        try {
            super.channelRead(ctx, msg);
        } finally {
            reading = false;
        }
    }

    /** Bytes of a request not decoded yet (the start of a next request, or one held back). */
    boolean hasBuffered() {
        ByteBuf buffered = internalBuffer();
        return buffered != null && buffered.isReadable();
    }

    /** Whether a read is being decoded right now (it goes on by itself once the connection is free). */
    boolean decoding() {
        return reading;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (atBoundary && hold.getAsBoolean()) {
            return;
        }
        int start = buffer.readerIndex();
        int before = out.size();
        super.decode(ctx, buffer, out);
        if (scanning) {
            scan(buffer, start, buffer.readerIndex());
        }
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest request) {
                if (obsFold && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(
                            DecoderResult.failure(new IllegalArgumentException("obs-fold header line")));
                }
                scanning = false;
                atBoundary = false;
            }
            if (o instanceof LastHttpContent) {
                atBoundary = true;
                scanning = true;
                sawLine = false;
                lineLength = 0;
                obsFold = false;
            }
        }
    }

    private void scan(ByteBuf buffer, int from, int to) {
        for (int i = from; i < to && scanning; i++) {
            byte b = buffer.getByte(i);
            if (b == '\n') {
                if (lineLength == 0 && sawLine) {
                    // End of the header section: what follows is body.
                    scanning = false;
                }
                if (lineLength > 0) {
                    sawLine = true;
                }
                lineLength = 0;
            } else if (b != '\r') {
                if (lineLength == 0 && sawLine && (b == ' ' || b == '\t')) {
                    obsFold = true;
                }
                lineLength++;
            }
        }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // RFC 9112 6.3: such a message is a request smuggling attempt; refuse it outright.
        throw new IllegalArgumentException("Content-Length together with Transfer-Encoding");
    }
}
