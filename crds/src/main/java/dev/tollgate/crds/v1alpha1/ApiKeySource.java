package dev.tollgate.crds.v1alpha1;

/** Where a REST API reads API keys from. */
public enum ApiKeySource {
    HEADER,
    AUTHORIZER
}
