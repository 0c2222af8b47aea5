/** Micrometer meters with the Prometheus names DESIGN.md fixes, cached per route. */
package dev.tollgate.dataplane.metrics;
