package dev.tollgate.crds.v1alpha1;

/** A method of a REST API resource or an integration; ANY takes every method. */
public enum HttpMethod {
    GET,
    HEAD,
    POST,
    PUT,
    PATCH,
    DELETE,
    OPTIONS,
    ANY
}
