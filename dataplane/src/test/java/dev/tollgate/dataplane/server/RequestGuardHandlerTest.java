package dev.tollgate.dataplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestGuardHandlerTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new StrictRequestDecoder(), new HttpResponseEncoder(), new RequestGuardHandler());
    }

    private static String outbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                sb.append(b.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return sb.toString();
    }

    private static String send(String raw) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        Object passed;
        while ((passed = ch.readInbound()) != null) {
            ReferenceCountUtil.release(passed);
        }
        String out = outbound(ch);
        assertThat(ch.isOpen()).as("closed after rejecting").isFalse();
        return out;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                "GET / HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n folded\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\u0001\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n",
                "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.2\r\nHost: a\r\n\r\n",
                "TRACE / HTTP/1.1\r\nHost: a\r\n\r\n",
                "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n",
                "BREW / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET http://b/x HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET http://u@a/x HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\nHost: a\n\n",
            })
    void hostileRequestIsAnswered400AndClosed(String raw) {
        String out = send(raw);
        assertThat(out).startsWith("HTTP/1.1 400 ");
        assertThat(out).contains("{\"message\":\"Bad Request\"}").contains("x-amzn-ErrorType: BadRequestException");
    }

    @Test
    void tooLongRequestLineIs414() {
        String out = send("GET /" + "a".repeat(Limits.MAX_INITIAL_LINE) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void tooLargeHeaderSectionIs431() {
        String out = send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(Limits.MAX_HEADER_BYTES) + "\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void tooManyHeadersIs431() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i <= Limits.MAX_HEADER_COUNT; i++) {
            sb.append("X-").append(i).append(": 1\r\n");
        }
        assertThat(send(sb.append("\r\n").toString())).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void validRequestPassesThroughAndAbsoluteFormBecomesOriginForm() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer(
                "GET http://A.example:8080/p?q=1 HTTP/1.1\r\nHost: a.example:8080\r\n\r\n"
                        + "GET /two HTTP/1.1\r\nHost: a\r\nX-Folded-Looking: a b\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        HttpRequest first = ch.readInbound();
        assertThat(first.uri()).isEqualTo("/p?q=1");
        ReferenceCountUtil.release(ch.readInbound());
        HttpRequest second = ch.readInbound();
        assertThat(second.uri()).isEqualTo("/two");
        assertThat(ch.isOpen()).isTrue();
        assertThat(outbound(ch)).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void chunkedCaseInsensitiveIsAccepted() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        HttpRequest request = ch.readInbound();
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void http10WithoutHostIsAccepted() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.0\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest request = ch.readInbound();
        assertThat(request).isNotNull();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }
}
