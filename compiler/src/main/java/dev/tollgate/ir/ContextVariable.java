package dev.tollgate.ir;

import java.util.Optional;

/**
 * The {@code $context} variables the gateway provides, by their AWS names; usable in access log
 * formats and as mapping sources. The compiler refuses any other name.
 */
public enum ContextVariable {
    ACCOUNT_ID("accountId"),
    API_ID("apiId"),
    DEPLOYMENT_ID("deploymentId"),
    DOMAIN_NAME("domainName"),
    DOMAIN_PREFIX("domainPrefix"),
    ERROR_MESSAGE("error.message"),
    ERROR_RESPONSE_TYPE("error.responseType"),
    EXTENDED_REQUEST_ID("extendedRequestId"),
    HTTP_METHOD("httpMethod"),
    IDENTITY_SOURCE_IP("identity.sourceIp"),
    IDENTITY_CLIENT_CERT_PEM("identity.clientCert.clientCertPem"),
    IDENTITY_CLIENT_CERT_SUBJECT_DN("identity.clientCert.subjectDN"),
    IDENTITY_CLIENT_CERT_ISSUER_DN("identity.clientCert.issuerDN"),
    IDENTITY_CLIENT_CERT_SERIAL_NUMBER("identity.clientCert.serialNumber"),
    IDENTITY_CLIENT_CERT_NOT_BEFORE("identity.clientCert.validity.notBefore"),
    IDENTITY_CLIENT_CERT_NOT_AFTER("identity.clientCert.validity.notAfter"),
    IDENTITY_USER_AGENT("identity.userAgent"),
    INTEGRATION_ERROR("integration.error"),
    INTEGRATION_LATENCY("integration.latency"),
    INTEGRATION_STATUS("integration.status"),
    INTEGRATION_LATENCY_V1("integrationLatency"),
    INTEGRATION_STATUS_V1("integrationStatus"),
    IS_CANARY_REQUEST("isCanaryRequest"),
    PATH("path"),
    PROTOCOL("protocol"),
    REQUEST_ID("requestId"),
    REQUEST_TIME("requestTime"),
    REQUEST_TIME_EPOCH("requestTimeEpoch"),
    RESOURCE_ID("resourceId"),
    RESOURCE_PATH("resourcePath"),
    RESPONSE_LATENCY("responseLatency"),
    RESPONSE_LENGTH("responseLength"),
    ROUTE_KEY("routeKey"),
    STAGE("stage"),
    STATUS("status");

    private final String awsName;

    ContextVariable(String awsName) {
        this.awsName = awsName;
    }

    /** The name after {@code $context.}, as AWS spells it. */
    public String awsName() {
        return awsName;
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
