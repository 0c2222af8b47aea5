/** The Kubernetes config source: watches the Gateway's ConfigMap and reports the config id served. */
package dev.tollgate.dataplane.source.kube;
