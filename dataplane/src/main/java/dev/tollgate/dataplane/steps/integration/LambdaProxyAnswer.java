package dev.tollgate.dataplane.steps.integration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.dataplane.http.HopByHop;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.dataplane.runtime.LambdaEvents;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Lambda proxy function's answer turned into the client's response, by AWS's contract: {@code
 * statusCode}, {@code headers}, {@code multiValueHeaders} (1.0), {@code cookies} (2.0), {@code
 * body} and {@code isBase64Encoded}. Anything else is a malformed answer (null), which the caller
 * answers 502 as AWS does. Payload 2.0 infers a response from a return value without {@code
 * statusCode}: a 200 JSON body holding that value.
 */
final class LambdaProxyAnswer {
    /** The only keys a REST API accepts in a proxy answer; any other makes it malformed. */
    private static final Set<String> V1_KEYS =
            Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies");

    private LambdaProxyAnswer() {}

    /**
     * The response, or null when the answer is malformed.
     *
     * @param v2 whether the event was payload format 2.0
     * @param restApi whether the API is a REST API (stricter about the answer's keys)
     * @param decodeBinary whether an {@code isBase64Encoded} body is sent decoded (REST: only when
     *     the client accepts a binary media type; HTTP APIs: always)
     */
    static FullHttpResponse parse(
            byte[] payload, boolean v2, boolean restApi, boolean decodeBinary, ByteBufAllocator alloc) {
        JsonNode root;
        try {
            root = LambdaEvents.JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (root == null || root.isMissingNode()) {
            return null;
        }
        if (v2 && (!root.isObject() || !root.has("statusCode"))) {
            // AWS: a value without statusCode is the body of a 200 JSON answer.
            FullHttpResponse inferred = response(HttpResponseStatus.OK, payload, alloc);
            inferred.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.JSON);
            return inferred;
        }
        if (!root.isObject()) {
            return null;
        }
        if (restApi) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                if (!V1_KEYS.contains(names.next())) {
                    return null;
                }
            }
        }
        JsonNode status = root.get("statusCode");
        int code;
        if (status != null && status.isIntegralNumber()) {
            code = status.asInt();
        } else if (status != null && status.isTextual() && status.asText().matches("[0-9]{3}")) {
            code = Integer.parseInt(status.asText());
        } else {
            return null;
        }
        if (code < 100 || code > 599) {
            return null;
        }
        JsonNode body = root.get("body");
        if (body != null && !body.isNull() && !body.isTextual()) {
            return null;
        }
        JsonNode base64 = root.get("isBase64Encoded");
        if (base64 != null && !base64.isNull() && !base64.isBoolean()) {
            return null;
        }
        byte[] bytes =
                body == null || body.isNull() ? new byte[0] : body.asText().getBytes(StandardCharsets.UTF_8);
        if (base64 != null && base64.asBoolean() && decodeBinary) {
            try {
                // Strict: a character outside base64 (line breaks aside) makes the answer malformed.
                bytes = Base64.getDecoder().decode(body.asText().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        FullHttpResponse response = response(HttpResponseStatus.valueOf(code), bytes, alloc);
        HttpHeaders headers = response.headers();
        JsonNode multi = root.get("multiValueHeaders");
        if (multi != null && !multi.isNull()) {
            if (!multi.isObject() || !addHeaders(headers, multi, true)) {
                response.release();
                return null;
            }
        }
        JsonNode single = root.get("headers");
        if (single != null && !single.isNull()) {
            if (!single.isObject() || !addHeaders(headers, single, false)) {
                response.release();
                return null;
            }
        }
        JsonNode cookies = root.get("cookies");
        if (v2 && cookies != null && !cookies.isNull()) {
            if (!cookies.isArray()) {
                response.release();
                return null;
            }
            for (JsonNode c : cookies) {
                if (!c.isTextual() || !HopByHop.safeValue(c.asText())) {
                    response.release();
                    return null;
                }
                headers.add(HttpHeaderNames.SET_COOKIE, c.asText());
            }
        }
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE) && bytes.length > 0) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.JSON);
        }
        HttpIntegrationStep.proxyHeaders(headers);
        return response;
    }

    /**
     * Adds the answer's headers; false when a name or value could not be sent (no token, a control
     * character). {@code headers} values replace what {@code multiValueHeaders} gave for the name
     * only when it gave nothing, as AWS merges the two.
     */
    private static boolean addHeaders(HttpHeaders headers, JsonNode node, boolean multi) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!HopByHop.isToken(name)) {
                return false;
            }
            if (!multi && headers.contains(name)) {
                continue;
            }
            Iterable<JsonNode> values = multi && e.getValue().isArray() ? e.getValue() : List.of(e.getValue());
            for (JsonNode v : values) {
                if (v.isNull()) {
                    continue;
                }
                if (!v.isValueNode() || !HopByHop.safeValue(v.asText())) {
                    return false;
                }
                headers.add(name, v.asText());
            }
        }
        return true;
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, ByteBufAllocator alloc) {
        return new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                body.length == 0
                        ? Unpooled.EMPTY_BUFFER
                        : alloc.buffer(body.length).writeBytes(body));
    }
}
