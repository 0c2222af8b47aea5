/** Where the control API reads and writes resources: a folder of CR YAML, or the Kubernetes API server. */
package dev.tollgate.controlapi.store;
