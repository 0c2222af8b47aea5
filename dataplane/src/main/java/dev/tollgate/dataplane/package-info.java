/** The data plane's entry point: the command line ({@code local}, {@code echo}). */
package dev.tollgate.dataplane;
