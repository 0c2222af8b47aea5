package dev.tollgate.crds.v1alpha1;

/** Whether a Stage follows its RestApi or serves a pinned ApiDeployment. */
public enum DeploymentMode {
    /** The stage serves the RestApi as it is now; every edit is live (AWS's HTTP API autoDeploy). */
    AutoDeploy,
    /** The stage serves the snapshot of the ApiDeployment named by {@code deploymentRef}. */
    Pinned
}
