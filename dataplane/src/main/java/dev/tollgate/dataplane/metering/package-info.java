/**
 * Usage and metering: bounded per-minute aggregates of calls, bytes and cache hits per namespace,
 * API, stage and API key, their report (JSON or CSV, with an optional AWS price estimate) and the
 * {@code usage} command that reads it from a running gateway.
 */
package dev.tollgate.dataplane.metering;
