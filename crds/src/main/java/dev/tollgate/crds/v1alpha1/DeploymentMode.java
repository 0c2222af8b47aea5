package dev.tollgate.crds.v1alpha1;

/** Whether a Stage follows its RestApi or stays on a pinned generation. */
public enum DeploymentMode {
    AutoDeploy,
    Pinned
}
