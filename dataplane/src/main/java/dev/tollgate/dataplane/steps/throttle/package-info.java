/** Stage and method throttles: one token bucket per method, shared by every caller. */
package dev.tollgate.dataplane.steps.throttle;
