/** The class-data-sharing archive's training run: local mode started, exercised and stopped once at package time. */
package dev.tollgate.dataplane.cds;
