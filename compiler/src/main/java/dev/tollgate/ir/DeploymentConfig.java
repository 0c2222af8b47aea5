package dev.tollgate.ir;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The ApiDeployment a pinned stage (or a canary) serves, with the API-wide settings frozen in its
 * snapshot: on AWS gateway responses, CORS and the resource policy take effect when deployed, so a
 * pinned stage serves its deployment's, not the RestApi's current ones.
 *
 * @param name the ApiDeployment's name, AWS's deployment id ({@code $context.deploymentId})
 * @param contentId hex SHA-256 of the deployment's snapshot
 * @param deleted whether the ApiDeployment no longer exists and this is the last copy seen, kept
 *     serving because a stage still pins it
 * @param gatewayResponses the deployment's customised gateway responses, sorted by type
 * @param cors the deployment's CORS settings, or null
 * @param policy the deployment's resource policy, or null
 */
public record DeploymentConfig(
        String name,
        String contentId,
        boolean deleted,
        List<GatewayResponseConfig> gatewayResponses,
        CorsConfig cors,
        ResourcePolicyConfig policy) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DeploymentConfig {
        Ir.require(name, "name");
        if (contentId == null || !SHA256.matcher(contentId).matches()) {
            throw new IllegalArgumentException("bad contentId " + contentId);
        }
        gatewayResponses = Ir.list(gatewayResponses);
    }
}
