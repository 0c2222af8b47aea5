package dev.tollgate.dataplane.steps.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Lambda proxy answer contract, without a server. */
class LambdaProxyAnswerTest {
    private static FullHttpResponse parse(String payload, boolean v2, boolean rest) {
        return LambdaProxyAnswer.parse(
                payload.getBytes(StandardCharsets.UTF_8), v2, rest, true, UnpooledByteBufAllocator.DEFAULT);
    }

    @Test
    void aStatusCodeGivenAsTextIsAccepted() {
        FullHttpResponse r = parse("{\"statusCode\":\"418\",\"body\":\"tea\"}", false, true);
        assertThat(r.status().code()).isEqualTo(418);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("tea");
        r.release();
    }

    @Test
    void headersDoNotReplaceWhatMultiValueHeadersGaveForTheSameName() {
        FullHttpResponse r = parse(
                "{\"statusCode\":200,\"headers\":{\"X-A\":\"single\"},\"multiValueHeaders\":{\"X-A\":[\"m1\",\"m2\"]}}",
                false,
                true);
        assertThat(r.headers().getAll("X-A")).containsExactly("m1", "m2");
        r.release();
    }

    @Test
    void anHttpApiVersion1AnswerMayCarryKeysARestApiRefuses() {
        String answer = "{\"statusCode\":200,\"body\":\"x\",\"extra\":true}";
        assertThat(parse(answer, false, true)).isNull();
        FullHttpResponse r = parse(answer, false, false);
        assertThat(r.status().code()).isEqualTo(200);
        r.release();
    }

    @Test
    void aStatusOutsideHttpsRangeOrABadBase64BodyIsMalformed() {
        assertThat(parse("{\"statusCode\":99}", false, true)).isNull();
        assertThat(parse("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}", false, true))
                .isNull();
        assertThat(parse("[1,2]", false, true)).isNull();
    }

    @Test
    void version2InfersA200JsonAnswerFromAnArrayOrNumber() {
        FullHttpResponse r = parse("[1,2]", true, false);
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("[1,2]");
        r.release();
        assertThat(parse("not json", true, false)).isNull();
    }
}
