package dev.tollgate.dataplane.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.dataplane.http.MediaTypes;
import dev.tollgate.ir.ContextVariable;
import dev.tollgate.ir.JwtAuthorizerConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.RouteAuthorizationConfig;
import dev.tollgate.ir.StageConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS's Lambda proxy events built from an exchange: payload format 1.0 (REST APIs, and HTTP APIs
 * that ask for it) and 2.0 (HTTP APIs), WebSocket APIs' event, and the Lambda authorizer events
 * built on them. Field
 * names, order and value shapes follow AWS's documented events; values AWS fills from an AWS
 * account (account id, IAM identity, Cognito) are null, as they are for an unauthenticated caller.
 */
public final class LambdaEvents {
    /** The mapper every event and answer goes through. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> IDENTITY_FIELDS = List.of(
            "accessKey",
            "accountId",
            "caller",
            "cognitoAuthenticationProvider",
            "cognitoAuthenticationType",
            "cognitoIdentityId",
            "cognitoIdentityPoolId",
            "principalOrgId",
            "sourceIp",
            "user",
            "userAgent",
            "userArn");

    /** The invoke API's header naming a function error ({@code Unhandled} or {@code Handled}). */
    public static final String FUNCTION_ERROR = "X-Amz-Function-Error";

    private LambdaEvents() {}

    /**
     * The version 1.0 proxy event.
     *
     * @param body the whole request body, or null for none
     */
    public static ObjectNode v1(Exchange exchange, ByteBuf body) {
        boolean httpApi = isHttpApi(exchange);
        ObjectNode event = JSON.createObjectNode();
        if (httpApi) {
            event.put("version", "1.0");
        }
        event.put("resource", exchange.route().config().resourcePath());
        event.put("path", httpApi ? exchange.rawPath() : stagePath(exchange));
        event.put("httpMethod", exchange.request().method().name());
        v1Parameters(exchange, event);
        v1Context(exchange, event.putObject("requestContext"), authorizerV1(exchange), httpApi);
        putBody(exchange, event, body, false);
        return event;
    }

    /**
     * The version 2.0 proxy event.
     *
     * @param body the whole request body, or null for none
     */
    public static ObjectNode v2(Exchange exchange, ByteBuf body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey(exchange));
        v2Request(exchange, event);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", exchange.value(ContextVariable.ACCOUNT_ID));
        context.put("apiId", exchange.value(ContextVariable.API_ID));
        ObjectNode authorizer = authorizerV2(exchange);
        if (authorizer != null) {
            context.set("authorizer", authorizer);
        }
        v2Context(exchange, context);
        putBody(exchange, event, body, true);
        if (!exchange.pathParameters().isEmpty()) {
            ObjectNode path = event.putObject("pathParameters");
            exchange.pathParameters().forEach(path::put);
        }
        putStageVariables(exchange, event, true);
        return event;
    }

    /**
     * The proxy event of a WebSocket API's route, as AWS sends it for each event of a connection:
     * {@code requestContext} (route key, message id, event type, connection id and times, the
     * caller's identity), the message as {@code body} (binary messages base64-encoded), and on
     * {@code $connect} the upgrade request's headers and query string.
     *
     * @param body the whole message, or null for none
     */
    public static ObjectNode webSocket(Exchange exchange, ByteBuf body) {
        WebSocketEvent ws = exchange.webSocket();
        boolean connect = WebSocketEvent.CONNECT.equals(ws.eventType());
        ObjectNode event = JSON.createObjectNode();
        if (connect) {
            v1HeadersAndQuery(exchange, event, false);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", ws.routeKey());
        if (!WebSocketEvent.MESSAGE.equals(ws.eventType())) {
            context.putNull("disconnectStatusCode");
        }
        context.put("messageId", ws.messageId());
        context.put("eventType", ws.eventType());
        context.put("extendedRequestId", exchange.requestId());
        context.put("requestTime", exchange.value(ContextVariable.REQUEST_TIME));
        context.put("messageDirection", "IN");
        if (!WebSocketEvent.MESSAGE.equals(ws.eventType())) {
            context.putNull("disconnectReason");
        }
        context.put("stage", exchange.stage().config().name());
        context.put("connectedAt", ws.connectedAtMillis());
        context.put("requestTimeEpoch", exchange.startEpochMillis());
        ObjectNode identity = context.putObject("identity");
        for (String field : IDENTITY_FIELDS) {
            switch (field) {
                case "sourceIp" -> identity.put(field, exchange.clientIp());
                // Only the upgrade request has a user agent; messages carry none.
                case "userAgent" ->
                    identity.put(field, connect ? exchange.request().headers().get(HttpHeaderNames.USER_AGENT) : null);
                default -> identity.putNull(field);
            }
        }
        context.put("requestId", exchange.requestId());
        context.put("domainName", exchange.value(ContextVariable.DOMAIN_NAME));
        context.put("connectionId", ws.connectionId());
        context.put("apiId", exchange.value(ContextVariable.API_ID));
        if (body == null || !body.isReadable()) {
            event.put("isBase64Encoded", false);
            return event;
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        boolean binary = !isText(exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE));
        event.put(
                "body", binary ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
        return event;
    }

    /**
     * A REST API's REQUEST authorizer event (or an HTTP API's with payload 1.0): the 1.0 event's
     * request fields without the body, with {@code type} and {@code methodArn}.
     */
    public static ObjectNode requestAuthorizerV1(Exchange exchange, String methodArn, List<String> identity) {
        ObjectNode event = JSON.createObjectNode();
        if (isHttpApi(exchange)) {
            event.put("version", "1.0");
        }
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn);
        if (isHttpApi(exchange)) {
            event.put("identitySource", String.join(",", identity));
            event.put("authorizationToken", identity.isEmpty() ? null : identity.get(0));
        }
        event.put("resource", exchange.route().config().resourcePath());
        event.put("path", isHttpApi(exchange) ? exchange.rawPath() : stagePath(exchange));
        event.put("httpMethod", exchange.request().method().name());
        v1Parameters(exchange, event);
        v1Context(exchange, event.putObject("requestContext"), null, false);
        return event;
    }

    /** An HTTP API's Lambda authorizer event, payload 2.0. */
    public static ObjectNode requestAuthorizerV2(Exchange exchange, String routeArn, List<String> identity) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", routeArn);
        ArrayNode sources = event.putArray("identitySource");
        identity.forEach(sources::add);
        event.put("routeKey", routeKey(exchange));
        v2Request(exchange, event);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", exchange.value(ContextVariable.ACCOUNT_ID));
        context.put("apiId", exchange.value(ContextVariable.API_ID));
        v2Context(exchange, context);
        if (!exchange.pathParameters().isEmpty()) {
            ObjectNode path = event.putObject("pathParameters");
            exchange.pathParameters().forEach(path::put);
        }
        putStageVariables(exchange, event, true);
        return event;
    }

    /**
     * The 1.0 event's {@code requestContext}; {@code authorizer} (or null) is what the route's
     * authorizer said, {@code routeKey} is added for HTTP APIs.
     */
    private static void v1Context(Exchange exchange, ObjectNode context, ObjectNode authorizer, boolean routeKey) {
        context.put("accountId", exchange.value(ContextVariable.ACCOUNT_ID));
        context.put("apiId", exchange.value(ContextVariable.API_ID));
        if (authorizer != null) {
            context.set("authorizer", authorizer);
        }
        context.put("domainName", exchange.value(ContextVariable.DOMAIN_NAME));
        context.put("domainPrefix", exchange.value(ContextVariable.DOMAIN_PREFIX));
        context.put("extendedRequestId", exchange.requestId());
        context.put("httpMethod", exchange.request().method().name());
        ObjectNode identity = context.putObject("identity");
        for (String field : IDENTITY_FIELDS) {
            switch (field) {
                case "sourceIp" -> identity.put(field, exchange.clientIp());
                case "userAgent" ->
                    identity.put(field, exchange.request().headers().get(HttpHeaderNames.USER_AGENT));
                case "user" -> identity.put(field, exchange.principalId());
                default -> identity.putNull(field);
            }
        }
        context.put("path", exchange.rawPath());
        context.put("protocol", exchange.value(ContextVariable.PROTOCOL));
        context.put("requestId", exchange.requestId());
        context.put("requestTime", exchange.value(ContextVariable.REQUEST_TIME));
        context.put("requestTimeEpoch", exchange.startEpochMillis());
        context.put("resourceId", exchange.value(ContextVariable.RESOURCE_ID));
        context.put("resourcePath", exchange.route().config().resourcePath());
        if (routeKey) {
            context.put("routeKey", routeKey(exchange));
        }
        context.put("stage", exchange.stage().config().name());
    }

    private static void v1Parameters(Exchange exchange, ObjectNode event) {
        v1HeadersAndQuery(exchange, event, true);
        if (exchange.pathParameters().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode path = event.putObject("pathParameters");
            exchange.pathParameters().forEach(path::put);
        }
        putStageVariables(exchange, event, false);
    }

    /**
     * The 1.0 event's {@code headers}, {@code multiValueHeaders}, {@code queryStringParameters} and
     * {@code multiValueQueryStringParameters}; when there are none, null ({@code nullWhenEmpty}) or
     * left out.
     */
    private static void v1HeadersAndQuery(Exchange exchange, ObjectNode event, boolean nullWhenEmpty) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : exchange.request().headers()) {
            // One entry per name whatever its case, spelled as it first came.
            String name = names.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> h.getKey());
            multi.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
        }
        putSingleAndMulti(event, "headers", "multiValueHeaders", multi, nullWhenEmpty);
        putSingleAndMulti(
                event,
                "queryStringParameters",
                "multiValueQueryStringParameters",
                exchange.query().asMap(),
                nullWhenEmpty);
    }

    private static void putSingleAndMulti(
            ObjectNode event, String single, String multi, Map<String, List<String>> values, boolean nullWhenEmpty) {
        if (values.isEmpty()) {
            if (nullWhenEmpty) {
                event.putNull(single);
                event.putNull(multi);
            }
            return;
        }
        ObjectNode last = event.putObject(single);
        values.forEach((name, all) -> last.put(name, all.get(all.size() - 1)));
        ObjectNode every = event.putObject(multi);
        values.forEach((name, all) -> all.forEach(every.withArray(name)::add));
    }

    private static void v2Request(Exchange exchange, ObjectNode event) {
        event.put("rawPath", exchange.rawPath());
        event.put("rawQueryString", rawQuery(exchange));
        HttpHeaders headers = exchange.request().headers();
        List<String> cookies = new ArrayList<>();
        for (String cookie : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (String part : cookie.split(";")) {
                if (!part.isBlank()) {
                    cookies.add(part.trim());
                }
            }
        }
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        // Names lower case; repeated headers joined with commas; cookies only in "cookies".
        Map<String, List<String>> joined = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("cookie")) {
                joined.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
            }
        }
        ObjectNode out = event.putObject("headers");
        joined.forEach((name, values) -> out.put(name, String.join(",", values)));
        Map<String, List<String>> query = exchange.query().asMap();
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach((name, values) -> q.put(name, String.join(",", values)));
        }
    }

    private static void v2Context(Exchange exchange, ObjectNode context) {
        context.put("domainName", exchange.value(ContextVariable.DOMAIN_NAME));
        context.put("domainPrefix", exchange.value(ContextVariable.DOMAIN_PREFIX));
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.request().method().name());
        http.put("path", exchange.rawPath());
        http.put("protocol", exchange.value(ContextVariable.PROTOCOL));
        http.put("sourceIp", exchange.clientIp());
        http.put("userAgent", exchange.request().headers().get(HttpHeaderNames.USER_AGENT));
        context.put("requestId", exchange.requestId());
        context.put("routeKey", routeKey(exchange));
        context.put("stage", exchange.stage().config().name());
        context.put("time", exchange.value(ContextVariable.REQUEST_TIME));
        context.put("timeEpoch", exchange.startEpochMillis());
    }

    private static void putStageVariables(Exchange exchange, ObjectNode event, boolean omitWhenEmpty) {
        Map<String, String> variables = exchange.stage().config().variables();
        if (variables.isEmpty()) {
            if (!omitWhenEmpty) {
                event.putNull("stageVariables");
            }
            return;
        }
        ObjectNode out = event.putObject("stageVariables");
        variables.forEach(out::put);
    }

    /**
     * The body: text as it is, binary base64-encoded with {@code isBase64Encoded}. A REST API
     * treats the content types of its binary media types as binary; an HTTP API every type that is
     * not text, JSON, XML or a form.
     */
    private static void putBody(Exchange exchange, ObjectNode event, ByteBuf body, boolean v2) {
        if (body == null || !body.isReadable()) {
            if (!v2) {
                event.putNull("body");
                event.put("isBase64Encoded", false);
            } else {
                event.put("isBase64Encoded", false);
            }
            return;
        }
        String type = exchange.request().headers().get(HttpHeaderNames.CONTENT_TYPE);
        boolean binary =
                isHttpApi(exchange) ? !isText(type) : exchange.api().payload().isBinary(type);
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        event.put(
                "body", binary ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
    }

    /** Whether an HTTP API passes a body of this content type to a function as text. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = MediaTypes.essence(contentType);
        return t.startsWith("text/")
                || t.endsWith("/json")
                || t.endsWith("+json")
                || t.endsWith("/xml")
                || t.endsWith("+xml")
                || t.equals("application/javascript")
                || t.equals("application/x-www-form-urlencoded");
    }

    private static ObjectNode authorizerV1(Exchange exchange) {
        if (exchange.principalId() == null && exchange.authorizerClaims().isEmpty()) {
            return null;
        }
        ObjectNode authorizer = JSON.createObjectNode();
        if (isJwt(exchange)) {
            ObjectNode claims = authorizer.putObject("claims");
            exchange.authorizerClaims().forEach(claims::put);
            authorizer.putNull("scopes");
            return authorizer;
        }
        authorizer.put("principalId", exchange.principalId());
        exchange.authorizerClaims().forEach(authorizer::put);
        return authorizer;
    }

    private static ObjectNode authorizerV2(Exchange exchange) {
        if (exchange.principalId() == null && exchange.authorizerClaims().isEmpty()) {
            return null;
        }
        ObjectNode authorizer = JSON.createObjectNode();
        if (isJwt(exchange)) {
            ObjectNode jwt = authorizer.putObject("jwt");
            ObjectNode claims = jwt.putObject("claims");
            exchange.authorizerClaims().forEach(claims::put);
            RouteAuthorizationConfig auth = exchange.route().config().authorization();
            ArrayNode scopes = jwt.putArray("scopes");
            auth.scopes().forEach(scopes::add);
            return authorizer;
        }
        ObjectNode lambda = authorizer.putObject("lambda");
        exchange.authorizerClaims().forEach(lambda::put);
        return authorizer;
    }

    private static boolean isJwt(Exchange exchange) {
        RouteAuthorizationConfig auth = exchange.route().config().authorization();
        return auth != null && auth.authorizer() instanceof JwtAuthorizerConfig;
    }

    private static boolean isHttpApi(Exchange exchange) {
        return exchange.api().config().protocolType() == ProtocolType.HTTP;
    }

    /** An HTTP API's route key: {@code METHOD /path}, or {@code $default}. */
    static String routeKey(Exchange exchange) {
        if (exchange.stage().defaultRoute() == exchange.route()) {
            return StageConfig.DEFAULT_STAGE;
        }
        return exchange.value(ContextVariable.ROUTE_KEY);
    }

    /** The query string as the client sent it, without {@code ?}; empty for none. */
    private static String rawQuery(Exchange exchange) {
        String uri = exchange.request().uri();
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int hash = uri.indexOf('#', q);
        return hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
    }

    /**
     * A REST API's event {@code path}: the path within the stage as called, a trailing slash kept.
     */
    private static String stagePath(Exchange exchange) {
        String path = "/" + MethodArn.path(exchange);
        return exchange.rawPath().endsWith("/") && !path.endsWith("/") ? path + "/" : path;
    }

    /**
     * The function error's message, or null for a success: the invoke API flags an error with
     * {@code X-Amz-Function-Error}; without it, an answer of the {@code errorMessage}/{@code
     * errorType} shape (and no {@code statusCode}) is one too.
     */
    public static String functionError(HttpHeaders invoke, byte[] payload) {
        boolean flagged = invoke.contains(FUNCTION_ERROR);
        JsonNode root = null;
        try {
            root = JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            // Not JSON: no message to read.
        }
        boolean shaped = root != null
                && root.isObject()
                && root.has("errorMessage")
                && root.has("errorType")
                && !root.has("statusCode");
        if (!flagged && !shaped) {
            return null;
        }
        if (root != null && root.isObject() && root.path("errorMessage").isTextual()) {
            return root.path("errorMessage").asText();
        }
        return root != null && root.isTextual() ? root.asText() : "";
    }
}
