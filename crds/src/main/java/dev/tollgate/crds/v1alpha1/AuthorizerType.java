package dev.tollgate.crds.v1alpha1;

/** The kind of authorizer. */
public enum AuthorizerType {
    TOKEN,
    REQUEST,
    JWT,
    COGNITO_USER_POOLS
}
