package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Everything one namespace's data plane serves; immutable and content-addressed.
 *
 * @param schemaVersion version of this IR's shape; a data plane refuses a version it does not know
 * @param configId hex SHA-256 of the canonical JSON of this config with {@code configId} blank;
 *     equal content gives an equal id
 * @param namespace the Kubernetes namespace every resource in this config came from
 * @param endpointSuffix DNS suffix of the default endpoint: an API answers on {@code
 *     {api}.{namespace}.{endpointSuffix}}
 * @param apis the APIs served, sorted by name
 * @param domains custom domain names with their base path mappings, sorted by domain name
 * @param backendTls CA bundles of https Integrations, sorted by Integration name
 * @param apiKeys the API keys (hashes only), sorted by id
 * @param redis the Redis shared state lives in, or null for state local to each replica
 * @param limits the Gateway's client timeouts and connection limits, or null for the data plane's
 *     defaults
 */
public record GatewayConfig(
        int schemaVersion,
        String configId,
        String namespace,
        String endpointSuffix,
        List<ApiConfig> apis,
        List<DomainConfig> domains,
        List<BackendTlsConfig> backendTls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ApiKeyConfig> apiKeys,
        @JsonInclude(JsonInclude.Include.NON_NULL) RedisConfig redis,
        @JsonInclude(JsonInclude.Include.NON_NULL) TrafficLimitsConfig limits) {

    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Default suffix of the execute-api style default endpoint. */
    public static final String DEFAULT_ENDPOINT_SUFFIX = "execute-api.localhost";

    public GatewayConfig {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unknown IR schemaVersion " + schemaVersion);
        }
        configId = Objects.requireNonNullElse(configId, "");
        Ir.require(namespace, "namespace");
        endpointSuffix = Objects.requireNonNullElse(endpointSuffix, DEFAULT_ENDPOINT_SUFFIX);
        apis = Ir.list(apis);
        domains = Ir.list(domains);
        backendTls = Ir.list(backendTls);
        apiKeys = Ir.list(apiKeys);
        limits = limits == null || limits.setsNothing() ? null : limits;
    }

    /** A config without Gateway limits (the data plane's defaults). */
    public GatewayConfig(
            int schemaVersion,
            String configId,
            String namespace,
            String endpointSuffix,
            List<ApiConfig> apis,
            List<DomainConfig> domains,
            List<BackendTlsConfig> backendTls,
            List<ApiKeyConfig> apiKeys,
            RedisConfig redis) {
        this(schemaVersion, configId, namespace, endpointSuffix, apis, domains, backendTls, apiKeys, redis, null);
    }

    /** A config with default backend trust, no API keys and no Redis. */
    public GatewayConfig(
            int schemaVersion,
            String configId,
            String namespace,
            String endpointSuffix,
            List<ApiConfig> apis,
            List<DomainConfig> domains) {
        this(schemaVersion, configId, namespace, endpointSuffix, apis, domains, List.of(), null, null);
    }

    /** A config with its backend CA bundles, no API keys and no Redis. */
    public GatewayConfig(
            int schemaVersion,
            String configId,
            String namespace,
            String endpointSuffix,
            List<ApiConfig> apis,
            List<DomainConfig> domains,
            List<BackendTlsConfig> backendTls) {
        this(schemaVersion, configId, namespace, endpointSuffix, apis, domains, backendTls, null, null);
    }

    /** The CA bundle of the Integration, or null for the default trust store. */
    public BackendTlsConfig backendTls(String integrationName) {
        for (BackendTlsConfig t : backendTls) {
            if (t.integrationName().equals(integrationName)) {
                return t;
            }
        }
        return null;
    }

    /** This config with another id; used by the compiler once it has hashed the content. */
    public GatewayConfig withConfigId(String id) {
        return new GatewayConfig(
                schemaVersion, id, namespace, endpointSuffix, apis, domains, backendTls, apiKeys, redis, limits);
    }

    /** This config with API keys and a Redis. */
    public GatewayConfig withSharedState(List<ApiKeyConfig> keys, RedisConfig redisConfig) {
        return new GatewayConfig(
                schemaVersion,
                configId,
                namespace,
                endpointSuffix,
                apis,
                domains,
                backendTls,
                keys,
                redisConfig,
                limits);
    }

    /** This config with the Gateway's client timeouts and connection limits. */
    public GatewayConfig withLimits(TrafficLimitsConfig trafficLimits) {
        return new GatewayConfig(
                schemaVersion,
                configId,
                namespace,
                endpointSuffix,
                apis,
                domains,
                backendTls,
                apiKeys,
                redis,
                trafficLimits);
    }
}
