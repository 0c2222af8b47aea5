/**
 * The data plane in a cluster: watches the Gateway's ConfigMap and Secret, reports the config id
 * served, and reviews AWS_IAM callers' tokens with the Kubernetes API.
 */
package dev.tollgate.dataplane.source.kube;
