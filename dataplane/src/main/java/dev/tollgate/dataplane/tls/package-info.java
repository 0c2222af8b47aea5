/**
 * TLS: the listener's certificates, chosen by SNI from the DomainNames' Secrets and swapped on
 * rotation; the facts a handshake gives each request ({@code TlsInfo}); the clients of backends
 * with their own CA bundle.
 */
package dev.tollgate.dataplane.tls;
