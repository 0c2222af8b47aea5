/** Tests of the usage ledger and price table. */
package dev.tollgate.dataplane.metering;
