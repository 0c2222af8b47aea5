/** Transport selection (native epoll where available, NIO elsewhere) shared by server and upstream. */
package dev.tollgate.dataplane.net;
