package dev.tollgate.compiler;

import dev.tollgate.ir.DeploymentConfig;

/**
 * A valid ApiDeployment a Stage names, its snapshot compiled like a RestApi.
 *
 * @param name the ApiDeployment's name
 * @param contentId its content id, checked against its snapshot
 * @param deleted whether it no longer exists and this is the last copy the caller saw
 * @param api the snapshot's RestApi as a draft, named after the RestApi it was taken from
 */
record DeploymentDraft(String name, String contentId, boolean deleted, ApiDraft api) {

    /** The IR of the deployment, with the API-wide settings of its snapshot. */
    DeploymentConfig config() {
        return new DeploymentConfig(name, contentId, deleted, api.gatewayResponses(), api.cors(), api.policy());
    }
}
