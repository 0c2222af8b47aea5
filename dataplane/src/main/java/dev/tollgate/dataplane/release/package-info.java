/**
 * The {@code deploy} and {@code deployments} commands, as AWS's create-deployment, update-stage and
 * get-deployments: what they do with a RestApi, its Stages and its ApiDeployments, on any {@link
 * dev.tollgate.dataplane.release.DeploymentStore} (a folder, or a cluster through the API server).
 */
package dev.tollgate.dataplane.release;
