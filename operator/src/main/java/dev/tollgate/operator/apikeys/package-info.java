/** The Secrets of ApiKeys with {@code generateSecret}: created once with a random value, never overwritten. */
package dev.tollgate.operator.apikeys;
