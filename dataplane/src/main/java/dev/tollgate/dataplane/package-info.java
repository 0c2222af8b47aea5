/** The data plane's entry point: the command line ({@code local}, {@code serve}, {@code echo}, {@code import}, {@code export}, {@code usage}). */
package dev.tollgate.dataplane;
