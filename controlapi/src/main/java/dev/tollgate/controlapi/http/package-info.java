/** The control API's HTTP side: the JDK server, SigV4 on every request, routing and AWS-shaped errors. */
package dev.tollgate.controlapi.http;
