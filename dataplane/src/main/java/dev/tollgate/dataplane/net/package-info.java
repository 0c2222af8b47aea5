/**
 * Transport selection (native epoll where available, NIO elsewhere) shared by server and upstream,
 * and address ranges ({@code Cidr}) matched by resource policies and trusted proxies.
 */
package dev.tollgate.dataplane.net;
