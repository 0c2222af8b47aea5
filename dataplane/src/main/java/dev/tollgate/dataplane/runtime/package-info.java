/** The served runtime: host index, per-stage routers and per-route step chains built from the IR. */
package dev.tollgate.dataplane.runtime;
