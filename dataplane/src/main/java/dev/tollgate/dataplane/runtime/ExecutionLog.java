package dev.tollgate.dataplane.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a traced exchange writes its execution log, the lines AWS's TestInvokeMethod returns:
 * method request, transformations, endpoint request and response. Only a test invocation attaches
 * one ({@link Exchange#traceTo}); served requests have none and pay one null check per trace point.
 */
@FunctionalInterface
public interface ExecutionLog {
    /** Bodies are cut after this many characters, as AWS cuts them. */
    int MAX_BODY_CHARS = 1000;

    /** Appends one line. */
    void line(String text);

    /** Headers as AWS's log prints them: {@code {Name=value, Other=value}}. */
    static String headers(HttpHeaders headers) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (Map.Entry<String, String> e : headers) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out.toString();
    }

    /** A body as text, cut at {@link #MAX_BODY_CHARS} with AWS's {@code [TRUNCATED]} mark. */
    static String body(ByteBuf content) {
        if (content == null || !content.isReadable()) {
            return "";
        }
        String text = content.toString(content.readerIndex(), content.readableBytes(), StandardCharsets.UTF_8);
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) + " [TRUNCATED]" : text;
    }
}
