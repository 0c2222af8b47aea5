/** The Netty servers: traffic pipeline (codec, strict guard, aggregator, exchange) and admin. */
package dev.tollgate.dataplane.server;
