/** Serves the AWS-compatible control API from the operator, over the cluster's custom resources. */
package dev.tollgate.operator.controlapi;
