/** Tests of the usage merge. */
package dev.tollgate.operator.usage;
