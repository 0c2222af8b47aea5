/** UsagePlan usage in status: read from the data planes' {@code /usage} at a bounded rate. */
package dev.tollgate.operator.usage;
