/** Authorizers: the JWT authorizer step, its verifier and the JWKS cache it draws keys from. */
package dev.tollgate.dataplane.steps.authorizer;
