package dev.tollgate.crds.v1alpha1;

/** What kind of backend an Integration is, as AWS names it. */
public enum IntegrationType {
    HTTP,
    HTTP_PROXY,
    MOCK,
    LAMBDA,
    LAMBDA_PROXY,
    AWS
}
