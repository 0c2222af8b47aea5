package dev.tollgate.dataplane.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Where a traced exchange writes its execution log, the lines AWS's TestInvokeMethod returns and
 * its execution logs hold: method request, transformations, endpoint request and response, errors.
 * A test invocation attaches one ({@link Exchange#traceTo}), and so does routing for a method whose
 * stage sets a {@code loggingLevel}; other requests have none and pay one null check per trace
 * point. Credentials never reach a line: {@link #headers} redacts them.
 */
public interface ExecutionLog {
    /** Bodies are cut after this many characters, as AWS cuts them. */
    int MAX_BODY_CHARS = 1000;

    /** Headers whose values are credentials: printed as {@link #REDACTED}. */
    Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie", "x-amz-security-token");

    /** What a credential's value is printed as. */
    String REDACTED = "****";

    /** Appends one line. */
    void line(String text);

    /** Whether bodies are logged (a test invocation's log); served execution logs hold none. */
    default boolean bodies() {
        return true;
    }

    /** A served request's execution log: lines gathered into {@code lines}, no bodies. */
    static ExecutionLog served(List<String> lines) {
        return new ExecutionLog() {
            @Override
            public void line(String text) {
                lines.add(text);
            }

            @Override
            public boolean bodies() {
                return false;
            }
        };
    }

    /** Headers as AWS's log prints them: {@code {Name=value, Other=value}}, credentials redacted. */
    static String headers(HttpHeaders headers) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (Map.Entry<String, String> e : headers) {
            boolean secret = SECRET_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT));
            out.add(e.getKey() + "=" + (secret ? REDACTED : e.getValue()));
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
