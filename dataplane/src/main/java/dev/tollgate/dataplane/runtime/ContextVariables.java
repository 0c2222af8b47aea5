package dev.tollgate.dataplane.runtime;

import dev.tollgate.dataplane.accesslog.AccessLogFormat;
import dev.tollgate.dataplane.accesslog.ContextValues;
import dev.tollgate.dataplane.http.Json;
import dev.tollgate.ir.ContextVariable;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request's {@code $context}, in one place for every reader: access log lines and mapping
 * sources ({@link #value(ContextVariable)}), any dotted AWS name ({@link #value(String)}, e.g. a
 * gateway response header mapped from {@code context.authorizer.claims.sub}), and the nested maps
 * a mapping template walks ({@link #forTemplate()}). Values have AWS's shapes: {@code
 * requestTimeEpoch} in milliseconds, {@code resourceId} a short id (the API's id is its name, as
 * the name is what its default endpoint host carries), {@code error.messageString} the quoted
 * message, {@code xrayTraceId} the request's trace id in X-Ray's form (the caller's X-Ray root, else
 * its W3C trace id); what the gateway cannot know (an AWS account, Cognito, WAF) is absent.
 */
public final class ContextVariables implements ContextValues {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final Exchange exchange;

    ContextVariables(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String value(ContextVariable variable) {
        Exchange x = exchange;
        return switch (variable) {
            case ACCOUNT_ID,
                    AWS_ENDPOINT_REQUEST_ID,
                    IDENTITY_ACCOUNT_ID,
                    IDENTITY_COGNITO_AUTHENTICATION_PROVIDER,
                    IDENTITY_COGNITO_AUTHENTICATION_TYPE,
                    IDENTITY_COGNITO_IDENTITY_ID,
                    IDENTITY_COGNITO_IDENTITY_POOL_ID,
                    IDENTITY_PRINCIPAL_ORG_ID,
                    IDENTITY_VPC_ID,
                    IDENTITY_VPCE_ID,
                    WAF_RESPONSE_CODE,
                    WEBACL_ARN -> null;
            case XRAY_TRACE_ID ->
                x.requestTrace() == null ? null : x.requestTrace().xrayTraceId();
            case API_ID -> x.api() == null ? null : x.api().config().name();
            case CONNECTED_AT ->
                x.webSocket() == null ? null : Long.toString(x.webSocket().connectedAtMillis());
            case CONNECTION_ID -> x.webSocket() == null ? null : x.webSocket().connectionId();
            case EVENT_TYPE -> x.webSocket() == null ? null : x.webSocket().eventType();
            case MESSAGE_DIRECTION -> x.webSocket() == null ? null : "IN";
            case MESSAGE_ID -> x.webSocket() == null ? null : x.webSocket().messageId();
            case DEPLOYMENT_ID -> x.stage() == null ? null : x.stage().deploymentId();
            case IS_CANARY_REQUEST ->
                x.stage() == null ? null : Boolean.toString(x.stage().isCanary());
            case AUTHORIZER_PRINCIPAL_ID -> x.principalId();
            case DOMAIN_NAME -> host();
            case DOMAIN_PREFIX -> {
                String h = host();
                yield h == null ? null : (h.indexOf('.') > 0 ? h.substring(0, h.indexOf('.')) : h);
            }
            case ERROR_MESSAGE -> x.error() == null ? null : x.error().message();
            case ERROR_MESSAGE_STRING ->
                x.error() == null ? null : "\"" + Json.escape(x.error().message()) + "\"";
            case ERROR_RESPONSE_TYPE -> x.error() == null ? null : x.error().responseType();
            case ERROR_VALIDATION_ERROR_STRING -> x.validationErrorString();
            case EXTENDED_REQUEST_ID, REQUEST_ID -> x.requestId();
            case HTTP_METHOD -> x.request().method().name();
            case IDENTITY_API_KEY_ID -> x.apiKey() == null ? null : x.apiKey().id();
            case IDENTITY_SOURCE_IP -> x.clientIp();
            case IDENTITY_CLIENT_CERT_PEM,
                    IDENTITY_CLIENT_CERT_SUBJECT_DN,
                    IDENTITY_CLIENT_CERT_ISSUER_DN,
                    IDENTITY_CLIENT_CERT_SERIAL_NUMBER,
                    IDENTITY_CLIENT_CERT_NOT_BEFORE,
                    IDENTITY_CLIENT_CERT_NOT_AFTER ->
                x.tls() == null ? null : x.tls().value(variable);
            case IDENTITY_USER -> x.iamIdentity() != null ? x.iamIdentity().user() : x.principalId();
            case IDENTITY_ACCESS_KEY ->
                x.iamIdentity() == null ? null : x.iamIdentity().accessKey();
            case IDENTITY_CALLER ->
                x.iamIdentity() == null ? null : x.iamIdentity().caller();
            case IDENTITY_USER_ARN ->
                x.iamIdentity() == null ? null : x.iamIdentity().userArn();
            case IDENTITY_USER_AGENT -> x.request().headers().get(HttpHeaderNames.USER_AGENT);
            case INTEGRATION_ERROR -> x.integrationError();
            case INTEGRATION_LATENCY, INTEGRATION_LATENCY_V1 ->
                x.integrationLatencyMillis() < 0 ? null : Long.toString(x.integrationLatencyMillis());
            case INTEGRATION_STATUS, INTEGRATION_STATUS_V1 ->
                x.integrationStatus() < 0 ? null : Integer.toString(x.integrationStatus());
            case PATH -> x.rawPath();
            case PROTOCOL -> x.request().protocolVersion().text();
            case REQUEST_TIME -> AccessLogFormat.requestTime(x.startEpochMillis());
            case REQUEST_TIME_EPOCH -> Long.toString(x.startEpochMillis());
            case RESOURCE_ID ->
                x.route() == null
                        ? null
                        : resourceId(x.api().config().name(), x.route().config().resourcePath());
            case RESOURCE_PATH -> x.route() == null ? null : x.route().config().resourcePath();
            case RESPONSE_LATENCY -> x.responded() ? Long.toString((x.endNanos() - x.startNanos()) / 1_000_000) : null;
            case RESPONSE_LENGTH -> x.responseLength() < 0 ? null : Long.toString(x.responseLength());
            case ROUTE_KEY ->
                x.webSocket() != null
                        ? x.webSocket().routeKey()
                        : x.route() == null
                                ? null
                                : x.route().config().httpMethod() + " "
                                        + x.route().config().resourcePath();
            case STAGE -> x.stage() == null ? null : x.stage().config().name();
            case STATUS -> x.status() == 0 ? null : Integer.toString(x.status());
        };
    }

    /**
     * Any {@code $context} name as AWS spells it after {@code context.}: a {@link ContextVariable},
     * {@code authorizer.KEY} / {@code authorizer.claims.CLAIM}, or {@code identity.apiKey}; null
     * when absent.
     */
    public String value(String name) {
        var known = ContextVariable.fromAwsName(name);
        if (known.isPresent()) {
            return value(known.get());
        }
        if (name.equals("identity.apiKey")) {
            return exchange.apiKey() == null
                    ? null
                    : exchange.request().headers().get("x-api-key");
        }
        if (name.startsWith("authorizer.")) {
            return exchange.authorizerClaims().get(name.substring("authorizer.".length()));
        }
        return null;
    }

    /**
     * The {@code $context} a template walks: nested maps by AWS's dotted names, with empty {@code
     * requestOverride} ({@code header}, {@code querystring}, {@code path}) and {@code
     * responseOverride} ({@code header}, {@code status}) maps for the template to fill. Built fresh
     * for each render.
     */
    public Map<String, Object> forTemplate() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ContextVariable v : ContextVariable.values()) {
            String value = value(v);
            if (value != null) {
                put(root, v.awsName(), value);
            }
        }
        Map<String, Object> identity = child(root, "identity");
        String apiKey = value("identity.apiKey");
        if (apiKey != null) {
            identity.put("apiKey", apiKey);
        }
        Map<String, Object> authorizer = child(root, "authorizer");
        Map<String, Object> claims = new LinkedHashMap<>();
        exchange.authorizerClaims().forEach((k, v) -> {
            if (k.startsWith("claims.")) {
                claims.put(k.substring("claims.".length()), v);
            } else {
                authorizer.put(k, v);
            }
        });
        if (!claims.isEmpty()) {
            authorizer.put("claims", claims);
        }
        Map<String, Object> request = child(root, "requestOverride");
        request.put("header", new LinkedHashMap<String, Object>());
        request.put("querystring", new LinkedHashMap<String, Object>());
        request.put("path", new LinkedHashMap<String, Object>());
        Map<String, Object> response = child(root, "responseOverride");
        response.put("header", new LinkedHashMap<String, Object>());
        return root;
    }

    private static void put(Map<String, Object> root, String dotted, String value) {
        Map<String, Object> map = root;
        String[] parts = dotted.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            map = child(map, parts[i]);
        }
        map.put(parts[parts.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        Object existing = map.get(key);
        if (existing instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        map.put(key, created);
        return created;
    }

    private String host() {
        String host = exchange.request().headers().get(HttpHeaderNames.HOST);
        return host == null ? null : HostIndex.normalizeHost(host);
    }

    /**
     * A resource's id as AWS shapes one (six characters, {@code [0-9a-z]}), stable for the API and
     * resource path across reloads and replicas.
     */
    static String resourceId(String api, String resourcePath) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((api + " " + resourcePath).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder id = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
        }
        return id.toString();
    }
}
