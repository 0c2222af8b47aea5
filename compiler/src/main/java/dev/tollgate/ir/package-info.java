/**
 * The gateway config IR: immutable, deterministic, Jackson-serialisable records that say exactly
 * what the data plane serves. Imports only {@code java.*} and Jackson annotations.
 */
package dev.tollgate.ir;
