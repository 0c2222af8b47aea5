/**
 * The Netty servers: the traffic listeners (plain and TLS, their handlers assembled in one place,
 * {@code TrafficPipeline}), the exchange handler that starts each request on the current runtime,
 * and the admin endpoints; the step factories are put in their slots here.
 */
package dev.tollgate.dataplane.server;
