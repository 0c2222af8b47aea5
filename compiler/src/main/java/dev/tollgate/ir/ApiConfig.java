package dev.tollgate.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One API (a {@code RestApi} resource) and the stages it is deployed to.
 *
 * @param name the RestApi's name; the first label of its default endpoint host
 * @param protocolType REST, HTTP or WEBSOCKET; decides AWS error semantics (REST answers an unknown
 *     route with 403 Missing Authentication Token, HTTP with 404 Not Found)
 * @param executeApiEndpoint whether the default {@code {api}.{namespace}.{suffix}} endpoint
 *     serves; false leaves only DomainName mappings
 * @param stages the stages of this API, sorted by name
 * @param gatewayResponses customised gateway responses, sorted by type
 * @param cors the API's CORS settings, or null when the gateway adds no CORS headers
 * @param policy the API's resource policy, or null when every caller may invoke it
 * @param encodedSlashInProxy {@code true} when a {@code {proxy+}} value may hold an encoded slash
 *     ({@code %2F}), passed to the backend still encoded; null (the default) refuses it as AWS does,
 *     and a {@code {param}} value never may
 * @param payload the API's binary media types and response compression, or null for neither
 */
public record ApiConfig(
        String name,
        ProtocolType protocolType,
        boolean executeApiEndpoint,
        List<StageConfig> stages,
        List<GatewayResponseConfig> gatewayResponses,
        CorsConfig cors,
        ResourcePolicyConfig policy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean encodedSlashInProxy,
        @JsonInclude(JsonInclude.Include.NON_NULL) PayloadConfig payload) {
    public ApiConfig {
        // One spelling of "off", so equal configs serialise (and hash) equally.
        encodedSlashInProxy = Boolean.TRUE.equals(encodedSlashInProxy) ? Boolean.TRUE : null;
        Ir.require(name, "name");
        Ir.require(protocolType == null ? null : protocolType.name(), "protocolType");
        stages = Ir.list(stages);
        gatewayResponses = Ir.list(gatewayResponses);
    }

    /** An API that refuses an encoded slash in path parameters and has no binary media types or compression. */
    public ApiConfig(
            String name,
            ProtocolType protocolType,
            boolean executeApiEndpoint,
            List<StageConfig> stages,
            List<GatewayResponseConfig> gatewayResponses,
            CorsConfig cors,
            ResourcePolicyConfig policy) {
        this(name, protocolType, executeApiEndpoint, stages, gatewayResponses, cors, policy, null, null);
    }

    /** An API with default gateway responses and no CORS. */
    public ApiConfig(String name, ProtocolType protocolType, boolean executeApiEndpoint, List<StageConfig> stages) {
        this(name, protocolType, executeApiEndpoint, stages, List.of(), null, null, null, null);
    }

    /** An API without a resource policy. */
    public ApiConfig(
            String name,
            ProtocolType protocolType,
            boolean executeApiEndpoint,
            List<StageConfig> stages,
            List<GatewayResponseConfig> gatewayResponses,
            CorsConfig cors) {
        this(name, protocolType, executeApiEndpoint, stages, gatewayResponses, cors, null, null, null);
    }

    /** Whether a {@code {proxy+}} value may hold an encoded slash. */
    public boolean allowsEncodedSlashInProxy() {
        return encodedSlashInProxy != null;
    }
}
