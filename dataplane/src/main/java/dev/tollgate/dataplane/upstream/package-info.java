/** The HTTP/1.1 client the gateway calls backends with: keep-alive connections pooled per event loop. */
package dev.tollgate.dataplane.upstream;
