/** The stage response cache: GET responses keyed by method, resource path and key parameters. */
package dev.tollgate.dataplane.steps.cache;
