/** The {@code import} and {@code export} commands: file handling around the pure OpenAPI import and export. */
package dev.tollgate.dataplane.openapi;
