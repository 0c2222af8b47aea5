package dev.tollgate.dataplane.upstream;

import io.netty.channel.Channel;

/** One backend connection and what it is doing. Touched only on its pool's event loop. */
final class PooledConnection {
    final HostPool pool;
    /** Null while the host name is being resolved. */
    Channel channel;
    /** The request in flight (or waiting for this connection to open); null when idle. */
    Exchange exchange;
    /** TCP connected and, for https, TLS handshake done. */
    boolean ready;
    /** It has served a response already, so its next request is sent on a kept-alive connection. */
    boolean reused;
    /** Some byte arrived since the current request was written. */
    boolean receivedAny;
    /** In the pool's idle stack. */
    boolean idle;
    /** Why it failed, when known, for the exception message. */
    Throwable failure;
    /** The pool has accounted for its end. */
    boolean released;

    PooledConnection(HostPool pool) {
        this.pool = pool;
    }

    /** The exchange gave up on this connection: it must not serve anything again. */
    void abandon(Exchange from) {
        if (exchange == from) {
            exchange = null;
        }
        if (channel != null) {
            channel.close();
        }
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
