/** Desired state of a Gateway's data plane objects, built as pure functions of the Gateway and its config. */
package dev.tollgate.operator.dependents;
