/** Tests of access-log formatting and writing. */
package dev.tollgate.dataplane.accesslog;
