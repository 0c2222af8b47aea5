package dev.tollgate.dataplane.server;

/** Fired into every open connection when the server starts draining. */
enum DrainEvent {
    INSTANCE
}
