package dev.tollgate.dataplane.steps.cache;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A response as the cache stores it: status, end-to-end headers and body, in a compact binary form. */
final class CachedResponse {
    private static final int VERSION = 1;
    /** Per-response or per-connection headers never replayed from the cache. */
    private static final Set<String> SKIPPED =
            Set.of("x-amzn-requestid", "connection", "keep-alive", "transfer-encoding", "date");

    private CachedResponse() {}

    static byte[] encode(FullHttpResponse response) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + response.content().readableBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeShort(response.status().code());
            int count = 0;
            for (Map.Entry<String, String> h : response.headers()) {
                if (!SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    count++;
                }
            }
            out.writeShort(count);
            for (Map.Entry<String, String> h : response.headers()) {
                if (!SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    out.writeUTF(h.getKey());
                    out.writeUTF(h.getValue());
                }
            }
            byte[] body = ByteBufUtil.getBytes(response.content());
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The stored response, or null when the bytes are not one (another version wrote them). */
    static FullHttpResponse decode(byte[] stored, ByteBufAllocator alloc) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readByte() != VERSION) {
                return null;
            }
            HttpResponseStatus status = HttpResponseStatus.valueOf(in.readShort());
            int count = in.readShort();
            String[] headers = new String[count * 2];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = in.readUTF();
            }
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, alloc.buffer(body.length).writeBytes(body));
            for (int i = 0; i < headers.length; i += 2) {
                r.headers().add(headers[i], headers[i + 1]);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
