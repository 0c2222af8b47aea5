/**
 * Authorizers: JWT (its verifier and the JWKS cache it draws keys from), TOKEN/REQUEST authorizer
 * services with their answer cache, and AWS_IAM as Kubernetes identity over {@code
 * KubernetesReviews}.
 */
package dev.tollgate.dataplane.steps.authorizer;
