/** The application log's set-up: where the process's own log lines go and in which form. */
package dev.tollgate.dataplane.logging;
