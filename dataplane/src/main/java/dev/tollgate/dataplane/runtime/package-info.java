/**
 * The served runtime, built from the IR: host index, per-stage routers, per-route step chains in
 * their fixed order, the per-API services built with it (CORS, gateway responses), and the
 * exchange with its one resume path back onto the event loop.
 */
package dev.tollgate.dataplane.runtime;
