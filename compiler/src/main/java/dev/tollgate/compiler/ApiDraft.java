package dev.tollgate.compiler;

import dev.tollgate.ir.CorsConfig;
import dev.tollgate.ir.GatewayResponseConfig;
import dev.tollgate.ir.PayloadConfig;
import dev.tollgate.ir.ProtocolType;
import dev.tollgate.ir.ResourcePolicyConfig;
import java.util.List;

/**
 * A valid RestApi before any stage deploys it: its methods as drafts and what applies to the whole
 * API.
 *
 * @param executeApiEndpoint whether the default {@code {api}.{namespace}.{suffix}} endpoint serves it
 * @param defaultRoute an HTTP API's {@code $default} route, or null
 * @param cors the API's CORS settings, or null
 * @param policy the API's resource policy, or null
 * @param encodedSlashInProxy whether a {@code {proxy+}} value may hold an encoded slash
 * @param payload the API's binary media types and compression, or null for neither
 */
record ApiDraft(
        ResourceRef ref,
        ProtocolType protocolType,
        boolean executeApiEndpoint,
        List<RouteDraft> routes,
        RouteDraft defaultRoute,
        List<GatewayResponseConfig> gatewayResponses,
        CorsConfig cors,
        ResourcePolicyConfig policy,
        boolean encodedSlashInProxy,
        PayloadConfig payload) {}
