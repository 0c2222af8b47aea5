package dev.tollgate.ir;

import java.util.List;
import java.util.Optional;

/**
 * The {@code $context} variables the gateway provides, by their AWS names; usable in access log
 * formats, as mapping sources and in mapping templates. Templates also see the per-request maps
 * {@code authorizer.*}, {@code requestOverride.*} and {@code responseOverride.*} (see {@link
 * #TEMPLATE_PREFIXES}).
 */
public enum ContextVariable {
    ACCOUNT_ID("accountId"),
    API_ID("apiId"),
    AUTHORIZER_PRINCIPAL_ID("authorizer.principalId"),
    AWS_ENDPOINT_REQUEST_ID("awsEndpointRequestId"),
    CONNECTED_AT("connectedAt"),
    CONNECTION_ID("connectionId"),
    DEPLOYMENT_ID("deploymentId"),
    DOMAIN_NAME("domainName"),
    DOMAIN_PREFIX("domainPrefix"),
    ERROR_MESSAGE("error.message"),
    ERROR_MESSAGE_STRING("error.messageString"),
    ERROR_RESPONSE_TYPE("error.responseType"),
    ERROR_VALIDATION_ERROR_STRING("error.validationErrorString"),
    EVENT_TYPE("eventType"),
    EXTENDED_REQUEST_ID("extendedRequestId"),
    HTTP_METHOD("httpMethod"),
    IDENTITY_ACCESS_KEY("identity.accessKey"),
    IDENTITY_ACCOUNT_ID("identity.accountId"),
    IDENTITY_API_KEY_ID("identity.apiKeyId"),
    IDENTITY_CALLER("identity.caller"),
    IDENTITY_COGNITO_AUTHENTICATION_PROVIDER("identity.cognitoAuthenticationProvider"),
    IDENTITY_COGNITO_AUTHENTICATION_TYPE("identity.cognitoAuthenticationType"),
    IDENTITY_COGNITO_IDENTITY_ID("identity.cognitoIdentityId"),
    IDENTITY_COGNITO_IDENTITY_POOL_ID("identity.cognitoIdentityPoolId"),
    IDENTITY_PRINCIPAL_ORG_ID("identity.principalOrgId"),
    IDENTITY_SOURCE_IP("identity.sourceIp"),
    IDENTITY_CLIENT_CERT_PEM("identity.clientCert.clientCertPem"),
    IDENTITY_CLIENT_CERT_SUBJECT_DN("identity.clientCert.subjectDN"),
    IDENTITY_CLIENT_CERT_ISSUER_DN("identity.clientCert.issuerDN"),
    IDENTITY_CLIENT_CERT_SERIAL_NUMBER("identity.clientCert.serialNumber"),
    IDENTITY_CLIENT_CERT_NOT_BEFORE("identity.clientCert.validity.notBefore"),
    IDENTITY_CLIENT_CERT_NOT_AFTER("identity.clientCert.validity.notAfter"),
    IDENTITY_USER("identity.user"),
    IDENTITY_USER_AGENT("identity.userAgent"),
    IDENTITY_USER_ARN("identity.userArn"),
    IDENTITY_VPC_ID("identity.vpcId"),
    IDENTITY_VPCE_ID("identity.vpceId"),
    INTEGRATION_ERROR("integration.error"),
    INTEGRATION_LATENCY("integration.latency"),
    INTEGRATION_STATUS("integration.status"),
    INTEGRATION_LATENCY_V1("integrationLatency"),
    INTEGRATION_STATUS_V1("integrationStatus"),
    IS_CANARY_REQUEST("isCanaryRequest"),
    PATH("path"),
    PROTOCOL("protocol"),
    REQUEST_ID("requestId"),
    MESSAGE_DIRECTION("messageDirection"),
    MESSAGE_ID("messageId"),
    REQUEST_TIME("requestTime"),
    REQUEST_TIME_EPOCH("requestTimeEpoch"),
    RESOURCE_ID("resourceId"),
    RESOURCE_PATH("resourcePath"),
    RESPONSE_LATENCY("responseLatency"),
    RESPONSE_LENGTH("responseLength"),
    ROUTE_KEY("routeKey"),
    STAGE("stage"),
    STATUS("status"),
    WAF_RESPONSE_CODE("wafResponseCode"),
    WEBACL_ARN("webaclArn"),
    XRAY_TRACE_ID("xrayTraceId");

    /**
     * Names mapping templates may use beyond the constants, as prefixes: an authorizer's context
     * keys and JWT claims, the API key the caller sent ({@code identity.apiKey}: templates only,
     * never logged), and the request and response overrides a template sets.
     */
    public static final List<String> TEMPLATE_PREFIXES =
            List.of("authorizer.", "identity.apiKey", "requestOverride.", "responseOverride.");

    private final String awsName;

    ContextVariable(String awsName) {
        this.awsName = awsName;
    }

    /** The name after {@code $context.}, as AWS spells it. */
    public String awsName() {
        return awsName;
    }

    /** Whether a mapping template may name {@code $context.NAME} (a constant's name or a template prefix). */
    public static boolean knownToTemplates(String name) {
        if (fromAwsName(name).isPresent()) {
            return true;
        }
        for (String prefix : TEMPLATE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The variable with that AWS name, if the gateway provides it. */
    public static Optional<ContextVariable> fromAwsName(String name) {
        for (ContextVariable v : values()) {
            if (v.awsName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
