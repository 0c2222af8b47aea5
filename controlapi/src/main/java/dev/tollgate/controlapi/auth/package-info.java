/** Who calls the control API (access keys mapped to a namespace and an identity) and what they may change. */
package dev.tollgate.controlapi.auth;
