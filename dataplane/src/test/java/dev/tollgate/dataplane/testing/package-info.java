/** Test support: a gateway extension on free ports, a raw-socket HTTP client, IR builders. */
package dev.tollgate.dataplane.testing;
