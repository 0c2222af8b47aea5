/** Resource policies: per-API allow/deny by source address, evaluated as AWS does. */
package dev.tollgate.dataplane.steps.policy;
