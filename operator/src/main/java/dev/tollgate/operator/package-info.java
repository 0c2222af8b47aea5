/** The Tollgate operator: turns a namespace's custom resources into a running data plane. */
package dev.tollgate.operator;
