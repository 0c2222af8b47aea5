/** Tests of the import and export commands, end to end through local mode. */
package dev.tollgate.dataplane.openapi;
