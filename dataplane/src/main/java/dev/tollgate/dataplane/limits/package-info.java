/**
 * Long-lived limit and cache state (token buckets, quota counters, cached responses) behind one
 * strategy interface, kept in process memory or in a Redis shared by the replicas; keyed by stable
 * ids from the IR so a reload keeps it.
 */
package dev.tollgate.dataplane.limits;
