package dev.tollgate.crds.v1alpha1;

/** How a method authorizes callers. */
public enum AuthorizationType {
    NONE,
    AWS_IAM,
    CUSTOM,
    COGNITO_USER_POOLS,
    JWT
}
