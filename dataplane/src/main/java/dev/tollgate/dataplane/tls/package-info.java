/** The TLS listener's certificates: chosen by SNI from the DomainNames' Secrets, swapped on rotation. */
package dev.tollgate.dataplane.tls;
